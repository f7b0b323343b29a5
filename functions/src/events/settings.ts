/** The events' params, read and validated at run time; a bad value fails loudly with what to fix. */
import { z } from 'zod';
import { EVENTS_CHANNEL, EVENTS_INCLUDE_TEST_MODE, ORDER_STATUS_MIRROR_FIELD, ORDER_STATUS_MIRROR_PATH } from '../config';

const settingsSchema = z.object({
  channel: z
    .string()
    .trim()
    .regex(/^$|^(projects\/[^/]+\/)?locations\/[^/]+\/channels\/[^/]+$|^[^/]+$/, 'EVENTS_CHANNEL: expected locations/<region>/channels/<id>, a full projects/… name, or empty'),
  mirrorPath: z
    .string()
    .trim()
    .regex(/^$|^[^/]+(\/[^/]+)*$/, 'ORDER_STATUS_MIRROR_PATH: expected a document path such as orders/{orderId}, or empty'),
  mirrorField: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'ORDER_STATUS_MIRROR_FIELD: expected a plain field name such as paymentStatus'),
  includeTestMode: z.boolean(),
});

export type EventSettings = z.output<typeof settingsSchema>;

export function eventSettings(): EventSettings {
  const parsed = settingsSchema.safeParse({
    channel: EVENTS_CHANNEL.value(),
    mirrorPath: ORDER_STATUS_MIRROR_PATH.value(),
    mirrorField: ORDER_STATUS_MIRROR_FIELD.value(),
    includeTestMode: EVENTS_INCLUDE_TEST_MODE.value(),
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
