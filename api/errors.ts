/**
 * The machine codes every 4xx (and 500) body carries beside its human message, so that a
 * client can tell one refusal from another without reading the message.
 */

/** Each code with what it means; README.md's error paragraph lists the same. */
export const ERROR_CODES = {
  unauthenticated: "401: not signed in, or the session has ended",
  unknown_user: "401: the sign-in details were not recognised (the same answer whatever the reason)",
  csrf: "403: a state-changing request without the session's x-csrf-token",
  forbidden: "403: the caller's role may not do this",
  not_writable: "403: the caller's role may not write these items (errors name each)",
  not_found: "404: no such route, collection, version or record (or the record is not visible to the caller)",
  invalid_request: "400: the request's body, query string or parameters are not in the expected shape",
  invalid_json: "400: the body is empty, not valid JSON, or nested more than 32 levels deep",
  invalid_if_match: '400: If-Match is not a revision in quotes, like "3"',
  body_too_large: "413: the body is larger than the server accepts",
  unsupported_media_type: "415: the body is not JSON (or, for imports, not CSV)",
  validation_failed: "422: the record's data is invalid (errors lists each problem at its item)",
  duplicate_value: "422: another record already has this value of a unique item",
  owner_closed: "422: the owning organisation is not open today (successors names who took it over)",
  not_a_candidate: "422: the chosen owner is not one of the successors named for the record",
  import_rejected: "422: the legacy file has problems and nothing was stored",
  no_migration: "422: an import's `to` names a version the collection has no migration to from the file's version",
  retired_version: "409: the record's version is retired and read-only",
  not_published: "409: the collection's version does not take new records",
  owner_not_pending: "409: the record's owner is not waiting to be assigned",
  user_exists: "409: an account with this email already exists",
  own_account: "409: a user administrator cannot deactivate their own account, remove their own permission or change their own role (errors names the field)",
  job_running: "409: the caller already has a job of this kind running (its id is in the message); wait for it to finish",
  too_many_drafts: "409: the caller already keeps the most drafts allowed; save or discard some first",
  stale_revision: "412: someone else changed the record since the If-Match revision (currentRevision says which it is now)",
  if_match_required: "428: a write that needs If-Match was sent without it",
  rate_limited: "429: too many requests (sign-in attempts from one address, or requests of one user) in a short time; try again after Retry-After seconds",
  preparing: "503: the dashboard is still reading the collection's records (progress says how far; try again after Retry-After seconds)",
  internal_error: "500: the server failed; nothing was completed",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** JSON pointer to the item, like "/date_added". */
  path: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  /** The HTTP status's name. */
  error: string;
  code: ErrorCode;
  message: string;
  /** With validation_failed, duplicate_value and not_writable: one per item (at most 100). */
  errors?: FieldError[];
  /** With validation_failed: how many further errors there were, past the 100 listed. */
  moreErrors?: number;
  /** With stale_revision. */
  currentRevision?: number;
  /** With preparing: records read so far, of how many. */
  progress?: { done: number; total: number };
  /** With owner_closed: the organisations that took over the closed owner. */
  successors?: { code: string; name: string }[];
}

export const fieldErrorSchema = {
  type: "object",
  required: ["path", "code", "message"],
  properties: { path: { type: "string" }, code: { type: "string" }, message: { type: "string" } },
  additionalProperties: false,
} as const;

export const errorBodySchema = {
  description: "An error: a machine code and a message for people",
  type: "object",
  required: ["statusCode", "error", "code", "message"],
  properties: {
    statusCode: { type: "integer" },
    error: { type: "string" },
    code: { type: "string", enum: Object.keys(ERROR_CODES) },
    message: { type: "string" },
    errors: { type: "array", items: fieldErrorSchema, description: "One error per item, in the order of the form; at most 100" },
    moreErrors: { type: "integer", minimum: 1, description: "How many further errors were found past the 100 in errors (absent when none were)" },
    currentRevision: { type: "integer" },
    progress: { type: "object", required: ["done", "total"], properties: { done: { type: "integer" }, total: { type: "integer" } }, additionalProperties: false },
    successors: { type: "array", items: { type: "object", required: ["code", "name"], properties: { code: { type: "string" }, name: { type: "string" } }, additionalProperties: false } },
  },
  // An import refusal adds its report; nothing of an error body may be dropped on the way out.
  additionalProperties: true,
} as const;
