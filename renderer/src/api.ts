/**
 * The API client: JSON in and out, the session cookie sent by the browser, the CSRF token on
 * every state-changing request. Errors become ApiError values carrying status and field errors.
 */
import type { CompiledForm } from "../../engine/runtime/index.ts";

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: "icb_editor" | "icb_viewer" | "regional" | "national" | "standards_admin";
  roleName: string;
  organisation: { code: string; name: string };
}

export interface Owner {
  code: string;
  name: string;
  type: string | null;
  open: boolean;
  region: { code: string; name: string } | null;
}

export interface CaseRecord {
  id: string;
  collection: string;
  version: string;
  revision: number;
  ownerOrg: string;
  owner: Owner;
  data: Record<string, unknown>;
  complete: boolean;
  missing: string[];
  archive: Record<string, unknown>;
  reviewFlags: string[];
  ownerPending: { candidates: string[]; reason: string } | null;
  createdAt: string;
  createdBy: { username: string; displayName: string };
  updatedAt: string;
  updatedBy: { username: string; displayName: string };
}

export interface OwnerQueueEntry {
  record: CaseRecord;
  reason: string;
  candidates: Owner[];
}

export interface RecordPage {
  items: CaseRecord[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HistoryEntry {
  revision: number;
  version: string;
  ownerOrg: string;
  reason: string;
  createdAt: string;
  createdBy: { username: string; displayName: string };
  changes: { item: string; label: string; before: unknown; after: unknown }[];
}

export interface CollectionSummary {
  id: string;
  title: string;
  currentVersion: string | null;
  versions: { version: string; status: string; effectiveFrom: string; title: string }[];
}

let csrfToken = "";

async function request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { accept: "application/json", ...headers }, credentials: "same-origin" };
  if (method !== "GET") (init.headers as Record<string, string>)["x-csrf-token"] = csrfToken;
  if (body !== undefined) {
    (init.headers as Record<string, string>)["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, "The tracker could not be reached. Check your connection and try again.");
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
    throw new ApiError(response.status, message, Array.isArray(json.errors) ? (json.errors as FieldError[]) : [], json);
  }
  return json as T;
}

export const api = {
  async me(): Promise<PublicUser | null> {
    try {
      const { user, csrfToken: token } = await request<{ user: PublicUser; csrfToken: string }>("GET", "/auth/me");
      csrfToken = token;
      return user;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  async devUsers(): Promise<PublicUser[]> {
    return (await request<{ items: PublicUser[] }>("GET", "/auth/dev-users")).items;
  },
  async devLogin(username: string): Promise<PublicUser> {
    const { user, csrfToken: token } = await request<{ user: PublicUser; csrfToken: string }>("POST", "/auth/dev-login", { username });
    csrfToken = token;
    return user;
  },
  async logout(): Promise<void> {
    await request("POST", "/auth/logout");
    csrfToken = "";
  },
  collections: () => request<{ items: CollectionSummary[] }>("GET", "/api/collections"),
  form: (collection: string, version: string) => request<CompiledForm>("GET", `/api/collections/${enc(collection)}/versions/${enc(version)}`),
  list: (collection: string, query: URLSearchParams) => request<RecordPage>("GET", `/api/collections/${enc(collection)}/records?${query.toString()}`),
  get: (collection: string, id: string) => request<CaseRecord>("GET", `/api/collections/${enc(collection)}/records/${enc(id)}`),
  history: (collection: string, id: string) => request<{ items: HistoryEntry[] }>("GET", `/api/collections/${enc(collection)}/records/${enc(id)}/history`),
  create: (collection: string, data: Record<string, unknown>) => request<CaseRecord>("POST", `/api/collections/${enc(collection)}/records`, { data }),
  ownerQueue: (collection: string) => request<{ items: OwnerQueueEntry[] }>("GET", `/api/collections/${enc(collection)}/owner-queue`),
  assignOwner: (collection: string, id: string, revision: number, ownerOrg: string) =>
    request<CaseRecord>("POST", `/api/collections/${enc(collection)}/records/${enc(id)}/owner`, { ownerOrg }, { "if-match": `"${revision}"` }),
  update: (collection: string, id: string, revision: number, data: Record<string, unknown>) =>
    request<CaseRecord>("PUT", `/api/collections/${enc(collection)}/records/${enc(id)}`, { data }, { "if-match": `"${revision}"` }),
};

function enc(s: string): string {
  return encodeURIComponent(s);
}
