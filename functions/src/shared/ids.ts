/** Id patterns shared by every layer (schemas, auth, the web client): pure, no imports. */

/** PointCheckout's request model limits orderId and requestId to 50 characters. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,50}$/;

/** Our branch ids (document ids of `branches/{branchId}`): short, url-safe, never Firestore-reserved. */
export const BRANCH_ID_PATTERN = /^(?!__)(?!_$)[A-Za-z0-9_-]{1,40}$/;
