/**
 * The API client: JSON in and out, the session cookie sent by the browser, the CSRF token on
 * every state-changing request. Errors become ApiError values carrying status, code and field
 * errors. The bodies' types are api/'s, shared with the server (types only: nothing of the
 * server reaches the browser).
 */
import type {
  AddUserRequest,
  AuditBody,
  CaseRecord,
  ChangeUserRequest,
  CollectionSummary,
  DashboardBody,
  DevUsersBody,
  DraftBody,
  DraftListBody,
  DraftWriteRequest,
  ErrorCode,
  ExtractCheckBody,
  ExtractLogBody,
  FieldError,
  HistoryBody,
  ImpactJobBody,
  ImportJobBody,
  ImportMigrationBody,
  StandardsCollectionsBody,
  StandardsDiffBody,
  StandardsMigrationsBody,
  LearningPage,
  ManagedUser,
  OwnerQueueBody,
  PublicUser,
  RecordPage,
  RoleChoicesBody,
  SessionBody,
  SignedOutBody,
  SignInMethodBody,
  UserPage,
} from "../../api/index.ts";
import type { CompiledForm } from "../../engine/runtime/index.ts";

export type {
  AddUserRequest,
  AuditBody,
  AuditItem,
  CaseRecord,
  ChangeUserRequest,
  CollectionSummary,
  DashboardBody,
  DraftBody,
  DraftListBody,
  ErrorCode,
  ExtractLogItem,
  FieldError,
  ImpactJobBody,
  StandardsCollection,
  StandardsDiffBody,
  StandardsMigrationsBody,
  HistoryEntry,
  LearningHit,
  LearningPage,
  ManagedUser,
  OrganisationRef,
  OrganisationStatus,
  Owner,
  OwnerQueueEntry,
  ListView,
  OwnerOption,
  PublicUser,
  ReadScope,
  RecordPage,
  RecordPermissions,
  SessionTimes,
  SignInMethodBody,
  RoleChoice,
  UserPage,
  UserPermissions,
  ImportJobBody,
  ImportMigrationBody,
} from "../../api/index.ts";

/** A refusal from the API: its status, machine code (api/errors.ts), message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: ErrorCode | null = null,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Who is signed in and what the server says they may do. */
export type SignedIn = Omit<SessionBody, "csrfToken">;

let csrfToken = "";

/**
 * When the server last heard from this page (each answered request keeps the session alive):
 * the session-timeout warning counts from it.
 */
let lastActivity = Date.now();
const activityListeners = new Set<(at: number) => void>();

export function lastServerActivity(): number {
  return lastActivity;
}

/** Calls `listener` after every answered request; returns the unsubscribe function. */
export function onServerActivity(listener: (at: number) => void): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}

async function request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { accept: "application/json", ...headers }, credentials: "same-origin" };
  if (method !== "GET") (init.headers as Record<string, string>)["x-csrf-token"] = csrfToken;
  if (typeof body === "string" && headers["content-type"]) {
    // A file's text sent as it is (the legacy import takes text/csv).
    init.body = body;
  } else if (body !== undefined) {
    (init.headers as Record<string, string>)["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, "The tracker could not be reached. Check your connection and try again.");
  }
  if (response.status !== 401) {
    lastActivity = Date.now();
    for (const listener of activityListeners) listener(lastActivity);
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  if (!response.ok) {
    const message = typeof json.message === "string" ? json.message : `The tracker answered ${response.status}`;
    const code = typeof json.code === "string" ? (json.code as ErrorCode) : null;
    throw new ApiError(response.status, message, code, Array.isArray(json.errors) ? (json.errors as FieldError[]) : [], json);
  }
  return json as T;
}

/** Takes the session the page arrived with (renderer/src/bootstrap.ts), as if /auth/me had answered it. */
export function adoptSession(body: SessionBody): SignedIn {
  const { csrfToken: token, ...session } = body;
  csrfToken = token;
  return session;
}

export const api = {
  async me(): Promise<SignedIn | null> {
    try {
      const { csrfToken: token, ...session } = await request<SessionBody>("GET", "/auth/me");
      csrfToken = token;
      return session;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  signInMethod: () => request<SignInMethodBody>("GET", "/auth/method"),
  async devUsers(): Promise<PublicUser[]> {
    return (await request<DevUsersBody>("GET", "/auth/dev-users")).items;
  },
  async devLogin(username: string): Promise<SignedIn> {
    const { csrfToken: token, ...session } = await request<SessionBody>("POST", "/auth/dev-login", { username });
    csrfToken = token;
    return session;
  },
  /** Signs out of the tracker; returns where to go to sign out of the identity provider too, if anywhere. */
  async logout(): Promise<string | null> {
    const body = await request<SignedOutBody>("POST", "/auth/logout");
    csrfToken = "";
    return body.providerSignOutUrl ?? null;
  },
  collections: () => request<{ items: CollectionSummary[] }>("GET", "/api/collections"),
  form: (collection: string, version: string) => request<CompiledForm>("GET", `/api/collections/${enc(collection)}/versions/${enc(version)}`),
  list: (collection: string, query: URLSearchParams) => request<RecordPage>("GET", `/api/collections/${enc(collection)}/records?${query.toString()}`),
  get: (collection: string, id: string) => request<CaseRecord>("GET", `/api/collections/${enc(collection)}/records/${enc(id)}`),
  history: (collection: string, id: string) => request<HistoryBody>("GET", `/api/collections/${enc(collection)}/records/${enc(id)}/history`),
  /** With the key of the new case's draft, which the server deletes once the case is saved. */
  create: (collection: string, data: Record<string, unknown>, draftKey?: string) =>
    request<CaseRecord>("POST", `/api/collections/${enc(collection)}/records`, { data }, draftKey ? { "x-draft-key": draftKey } : {}),
  /** The signed-in user's own drafts (unsaved answers), newest first. */
  drafts: () => request<DraftListBody>("GET", "/api/drafts"),
  draft: (collection: string, key: string) => request<DraftBody>("GET", `/api/collections/${enc(collection)}/drafts/${enc(key)}`),
  saveDraft: (collection: string, key: string, body: DraftWriteRequest) => request<DraftBody>("PUT", `/api/collections/${enc(collection)}/drafts/${enc(key)}`, body),
  discardDraft: (collection: string, key: string) => request<Record<string, never>>("DELETE", `/api/collections/${enc(collection)}/drafts/${enc(key)}`),
  dashboard: (collection: string, query: URLSearchParams) => request<DashboardBody>("GET", `/api/collections/${enc(collection)}/dashboard?${query.toString()}`),
  learning: (collection: string, query: URLSearchParams) => request<LearningPage>("GET", `/api/collections/${enc(collection)}/learning?${query.toString()}`),
  ownerQueue: (collection: string) => request<OwnerQueueBody>("GET", `/api/collections/${enc(collection)}/owner-queue`),
  assignOwner: (collection: string, id: string, revision: number, ownerOrg: string) =>
    request<CaseRecord>("POST", `/api/collections/${enc(collection)}/records/${enc(id)}/owner`, { ownerOrg }, { "if-match": `"${revision}"` }),
  /** The records in the caller's scope awaiting an action (its questions all blank), a page at a time. */
  awaiting: (collection: string, action: string, page: number, pageSize: number) =>
    request<RecordPage>("GET", `/api/collections/${enc(collection)}/actions/${enc(action)}/records?page=${page}&pageSize=${pageSize}`),
  update: (collection: string, id: string, revision: number, data: Record<string, unknown>) =>
    request<CaseRecord>("PUT", `/api/collections/${enc(collection)}/records/${enc(id)}`, { data }, { "if-match": `"${revision}"` }),
  /** What the extract with this query would describe, or an ApiError saying why it would be refused. */
  checkExtract: (collection: string, query: URLSearchParams) => request<ExtractCheckBody>("GET", `/api/collections/${enc(collection)}/extract/check?${query.toString()}`),
  extractLog: () => request<ExtractLogBody>("GET", "/api/extract-log"),
  users: (query: URLSearchParams) => request<UserPage>("GET", `/api/users?${query.toString()}`),
  user: (id: string) => request<ManagedUser>("GET", `/api/users/${enc(id)}`),
  userRoles: () => request<RoleChoicesBody>("GET", "/api/users/roles"),
  addUser: (body: AddUserRequest) => request<ManagedUser>("POST", "/api/users", body),
  changeUser: (id: string, body: ChangeUserRequest) => request<ManagedUser>("PATCH", `/api/users/${enc(id)}`, body),
  /** The audit trail (national users), newest first: filters and `before` as query parameters. */
  audit: (query: URLSearchParams) => request<AuditBody>("GET", `/api/audit?${query.toString()}`),
  /** The standards team's pages (standards admins). */
  standards: () => request<StandardsCollectionsBody>("GET", "/api/standards/collections"),
  standardsDiff: (collection: string, from: string, to: string) => request<StandardsDiffBody>("GET", `/api/standards/collections/${enc(collection)}/diff?from=${enc(from)}&to=${enc(to)}`),
  standardsMigrations: (collection: string) => request<StandardsMigrationsBody>("GET", `/api/standards/collections/${enc(collection)}/migrations`),
  startImpact: (collection: string, version: string) => request<ImpactJobBody>("POST", `/api/standards/collections/${enc(collection)}/versions/${enc(version)}/impact`),
  job: (id: string) => request<ImpactJobBody>("GET", `/api/standards/jobs/${enc(id)}`),
  /** Starts importing a legacy CSV file as a job (202); the job is then polled with importJob. */
  startImport: (collection: string, query: URLSearchParams, csv: string) =>
    request<ImportJobBody>("POST", `/api/collections/${enc(collection)}/import?${query.toString()}`, csv, { "content-type": "text/csv" }),
  importJob: (collection: string, id: string) => request<ImportJobBody>("GET", `/api/collections/${enc(collection)}/import/jobs/${enc(id)}`),
};

/** A version's data dictionary, as the engine writes it: a printable page, or CSV. */
export function versionDictionaryUrl(collection: string, version: string, format: "html" | "csv"): string {
  return `/api/standards/collections/${enc(collection)}/versions/${enc(version)}/dictionary.${format}`;
}

/** The extract download's address: the browser goes there itself, so the file streams to disk. */
export function extractUrl(collection: string, query: URLSearchParams): string {
  return `/api/collections/${enc(collection)}/extract?${query.toString()}`;
}

export function dictionaryUrl(collection: string): string {
  return `/api/collections/${enc(collection)}/extract/dictionary`;
}

function enc(s: string): string {
  return encodeURIComponent(s);
}
