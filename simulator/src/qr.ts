/** QR rendering for `base64QR`: a real PNG whose QR text is exactly the payment-page URL. */
import QRCode from 'qrcode';

/** Returns raw base64 (no `data:` prefix, as in the spec example `iVBORw0KGgo…`) of a `size` px PNG. */
export async function renderQrPngBase64(text: string, size: number): Promise<string> {
  // `width` only applies when it can hold every module plus the quiet zone; shrink the
  // quiet zone for very small sizes so the image is still exactly `size` pixels wide.
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
  const margin = size >= modules + 8 ? 4 : Math.max(0, Math.floor((size - modules) / 2));
  const png = await QRCode.toBuffer(text, { type: 'png', width: size, margin, errorCorrectionLevel: 'M' });
  return png.toString('base64');
}
