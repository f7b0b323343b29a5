/** The webhook's body limit, apart from parse.ts so that the size check runs before zod is loaded. */
export const MAX_WEBHOOK_BODY_BYTES = 100_000;
