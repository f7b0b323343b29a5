// Take a PointCheckout QR payment from an iOS app: create the checkout with the callable, show the QR,
// and follow its status live in Firestore. See clients/README.md for the setup checklist.
import FirebaseAppCheck
import FirebaseCore
import FirebaseFirestore
import FirebaseFunctions
import UIKit

/// Must equal the functions' FUNCTIONS_REGION: `Functions.functions()` alone calls us-central1.
let functionsRegion = "europe-west1"

/// App Attest in release builds; the debug provider in debug builds (register its token in the console).
final class PosAppCheckProviderFactory: NSObject, AppCheckProviderFactory {
  func createProvider(with app: FirebaseApp) -> AppCheckProvider? {
    AppAttestProvider(app: app)
  }
}

/// Call once at start-up, before FirebaseApp.configure() has run anywhere else.
func startFirebase() {
  #if DEBUG
    AppCheck.setAppCheckProviderFactory(AppCheckDebugProviderFactory())
  #else
    AppCheck.setAppCheckProviderFactory(PosAppCheckProviderFactory())
  #endif
  FirebaseApp.configure()
}

struct QrCheckout {
  let checkoutId: String
  let qrImage: UIImage?
  let checkoutUrl: URL?
  let amount: String
  let currency: String
}

/// Callable errors reach Swift as NSError in FunctionsErrorDomain; `code` is a FunctionsErrorCode raw value
/// and `userInfo[FunctionsErrorDetailsKey]` carries any details.
enum PosError: Error {
  case refused(code: FunctionsErrorCode, message: String)
  case unexpectedReply(String)
}

final class PosCheckouts {
  private let functions = Functions.functions(region: functionsRegion)
  private let db = Firestore.firestore()

  /// One idempotencyKey per sale: a retry or a second tap returns the same checkout.
  func create(orderId: String, amount: String, currency: String, idempotencyKey: String,
              language: String = "en") async throws -> QrCheckout {
    let result: HTTPSCallableResult
    do {
      result = try await functions.httpsCallable("createQrCheckout").call([
        "orderId": orderId, "amount": amount, "currency": currency,
        "idempotencyKey": idempotencyKey, "language": language,
      ])
    } catch let error as NSError where error.domain == FunctionsErrorDomain {
      let code = FunctionsErrorCode(rawValue: error.code) ?? .internal
      throw PosError.refused(code: code, message: error.localizedDescription)
    }
    guard let data = result.data as? [String: Any],
          let checkoutId = data["checkoutId"] as? String,
          let qrBase64 = data["qrImage"] as? String,
          let url = data["checkoutUrl"] as? String,
          let amount = data["amount"] as? String,
          let currency = data["currency"] as? String
    else { throw PosError.unexpectedReply("createQrCheckout") }
    let png = Data(base64Encoded: qrBase64)
    return QrCheckout(checkoutId: checkoutId, qrImage: png.flatMap { UIImage(data: $0) },
                      checkoutUrl: URL(string: url), amount: amount, currency: currency)
  }

  /// Calls `onStatus` with each status the server confirmed. Keep the registration and call `remove()`
  /// when the screen goes away.
  func watch(checkoutId: String, onStatus: @escaping (String) -> Void) -> ListenerRegistration {
    db.document("checkouts/\(checkoutId)").addSnapshotListener(includeMetadataChanges: true) { snap, error in
      // A cached snapshot (app start, offline) may be stale: act only on what the server sent.
      guard error == nil, let snap, snap.exists, !snap.metadata.isFromCache,
            let status = snap.get("status") as? String
      else { return }
      onStatus(status)
    }
  }
}
