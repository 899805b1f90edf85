/**
 * The HTTP API's bodies: each JSON Schema (as the server declares it to Fastify, which
 * validates requests and serialises responses with it, and which fills the OpenAPI document)
 * beside the TypeScript type of the same body. test/server/api-schemas.test.ts checks that
 * real responses validate against these schemas.
 *
 * Response serialisation drops whatever a schema does not name, so anything whose keys come
 * from a definition (record data, archives, compiled forms) is declared as an open object.
 */
import { fieldErrorSchema, type FieldError } from "./errors.ts";

export type Role = "icb_editor" | "icb_viewer" | "regional" | "national" | "standards_admin";
/** The roles a definition's `writers` name. */
export type WriterRole = "editor" | "regional" | "national";
export type RecordData = Record<string, unknown>;

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const int = { type: "integer" } as const;
const strings = { type: "array", items: str } as const;
const openObject = { type: "object", additionalProperties: true } as const;

function object<P extends Record<string, unknown>, R extends readonly (keyof P & string)[]>(properties: P, required: R) {
  return { type: "object", required, properties, additionalProperties: false } as const;
}

function nullable<S extends object>(schema: S) {
  return { anyOf: [{ type: "null" }, schema] } as const;
}

// ---------------------------------------------------------------------------------------------
// Users, sessions and what they may do.
// ---------------------------------------------------------------------------------------------
export interface OrganisationRef {
  code: string;
  name: string;
}
export const organisationRefSchema = object({ code: str, name: str }, ["code", "name"]);

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  organisation: OrganisationRef;
}
export const publicUserSchema = object(
  {
    id: str,
    username: str,
    displayName: str,
    role: { type: "string", enum: ["icb_editor", "icb_viewer", "regional", "national", "standards_admin"] },
    roleName: str,
    organisation: organisationRefSchema,
  },
  ["id", "username", "displayName", "role", "roleName", "organisation"],
);

/** What a signed-in user may do, decided by the server (server/access.ts). */
export interface UserPermissions {
  /** Collections the user may add records to today. */
  createIn: string[];
  /** The role under which the user writes record items (definition `writers`), if any. */
  writerRole: WriterRole | null;
  /** Sees the records of more than one organisation (lists name each record's owner). */
  seesManyOrganisations: boolean;
  /** Checks versions before they are published (standards admins); publishing itself is the CLI's. */
  manageDefinitions: boolean;
  /** Chooses the owners of records waiting in the owner queue. */
  assignOwners: boolean;
  /** Imports legacy files. */
  importLegacy: boolean;
  /** Reads the collection's picture: the extract, the dashboard and the learning library, each scoped like every read. */
  analyse: boolean;
  /** Sees the log of every extract made (national users). */
  viewExtractLog: boolean;
  /** Whose records the user reads (and so extracts): their own ICB's, their region's, or all of England's; null: none. */
  readScope: ReadScope | null;
  /** Adds, changes and deactivates accounts (national users with the user-administrator permission). */
  administerUsers: boolean;
  /** Reads the audit trail: who signed in, looked at, changed or extracted what (national users). */
  viewAudit: boolean;
}
export const READ_SCOPES = ["icb", "region", "all"] as const;
export type ReadScope = (typeof READ_SCOPES)[number];
export const userPermissionsSchema = object(
  {
    createIn: strings,
    writerRole: { anyOf: [{ type: "null" }, { type: "string", enum: ["editor", "regional", "national"] }] },
    seesManyOrganisations: bool,
    manageDefinitions: bool,
    assignOwners: bool,
    importLegacy: bool,
    analyse: bool,
    viewExtractLog: bool,
    readScope: { anyOf: [{ type: "null" }, { type: "string", enum: READ_SCOPES }] },
    administerUsers: bool,
    viewAudit: bool,
  },
  ["createIn", "writerRole", "seesManyOrganisations", "manageDefinitions", "assignOwners", "importLegacy", "analyse", "viewExtractLog", "readScope", "administerUsers", "viewAudit"],
);

/** An ICB user's organisation today: records can only be added or changed while it is open. */
export interface OrganisationStatus {
  code: string;
  name: string;
  open: boolean;
  /** When closed: the organisations that took it over. */
  successors: OrganisationRef[];
  /** When closed: why records cannot be written, naming the successors. */
  message: string | null;
}
export const organisationStatusSchema = object(
  { code: str, name: str, open: bool, successors: { type: "array", items: organisationRefSchema }, message: { type: ["string", "null"] } },
  ["code", "name", "open", "successors", "message"],
);

/** How long the session lasts: the web app warns before the idle timeout. */
export interface SessionTimes {
  /** dev or oidc. */
  method: string;
  /** Inactivity after which the session ends. */
  idleTimeoutSeconds: number;
  /** The absolute end, whatever the activity. */
  expiresAt: string;
}
export const sessionTimesSchema = object({ method: str, idleTimeoutSeconds: { type: "integer" }, expiresAt: str }, ["method", "idleTimeoutSeconds", "expiresAt"]);

/** GET /auth/me and POST /auth/dev-login. */
export interface SessionBody {
  user: PublicUser;
  csrfToken: string;
  permissions: UserPermissions;
  /** For ICB users; null for everyone else. */
  organisationStatus: OrganisationStatus | null;
  session: SessionTimes;
}
export const sessionBodySchema = object(
  { user: publicUserSchema, csrfToken: str, permissions: userPermissionsSchema, organisationStatus: nullable(organisationStatusSchema), session: sessionTimesSchema },
  ["user", "csrfToken", "permissions", "organisationStatus", "session"],
);

export interface DevUsersBody {
  items: PublicUser[];
}
export const devUsersBodySchema = object({ items: { type: "array", items: publicUserSchema } }, ["items"]);

export interface SignedOutBody {
  signedOut: true;
  /** With OpenID Connect: where the browser goes next to sign out of the provider too; null otherwise. */
  providerSignOutUrl: string | null;
}
export const signedOutBodySchema = object({ signedOut: bool, providerSignOutUrl: { type: ["string", "null"] } }, ["signedOut", "providerSignOutUrl"]);

/** GET /auth/method: how to sign in to this server. */
export interface SignInMethodBody {
  method: "dev" | "oidc";
  /** Where the browser goes to sign in with OpenID Connect; null for the dev sign-in. */
  signInUrl: string | null;
}
export const signInMethodBodySchema = object({ method: { type: "string", enum: ["dev", "oidc"] }, signInUrl: { type: ["string", "null"] } }, ["method", "signInUrl"]);

export interface DevLoginRequest {
  username: string;
}
export const devLoginRequestSchema = object({ username: { type: "string", minLength: 1 } }, ["username"]);

// ---------------------------------------------------------------------------------------------
// Collections and compiled forms.
// ---------------------------------------------------------------------------------------------
export interface VersionSummary {
  version: string;
  status: "draft" | "published" | "retired";
  effectiveFrom: string;
  title: string;
}
export interface CollectionSummary {
  id: string;
  title: string;
  currentVersion: string | null;
  versions: VersionSummary[];
}
export const collectionSummarySchema = object(
  {
    id: str,
    title: str,
    currentVersion: { type: ["string", "null"] },
    versions: { type: "array", items: object({ version: str, status: { type: "string", enum: ["draft", "published", "retired"] }, effectiveFrom: str, title: str }, ["version", "status", "effectiveFrom", "title"]) },
  },
  ["id", "title", "currentVersion", "versions"],
);
export interface CollectionsBody {
  items: CollectionSummary[];
}
export const collectionsBodySchema = object({ items: { type: "array", items: collectionSummarySchema } }, ["items"]);

/** The compiled form (engine/runtime's CompiledForm): served whole. */
export const compiledFormSchema = { ...openObject, description: "The compiled form of one version (JSON Schema, UI schema, rules, choice lists)" } as const;

export interface ValidateRequest {
  version?: string;
  data: RecordData;
}
export const validateRequestSchema = object({ version: { type: "string", minLength: 1 }, data: { type: "object" } }, ["data"]);

export interface ValidateBody {
  valid: boolean;
  version: string;
  /** At most 100, in the order of the form. */
  errors: FieldError[];
  /** How many further errors were found past those listed; absent when none were. */
  moreErrors?: number;
}
export const validateBodySchema = object(
  {
    valid: bool,
    version: str,
    errors: { type: "array", items: fieldErrorSchema, description: "One error per item, in the order of the form; at most 100" },
    moreErrors: { type: "integer", minimum: 1, description: "How many further errors were found past the 100 in errors (absent when none were)" },
  },
  ["valid", "version", "errors"],
);

// ---------------------------------------------------------------------------------------------
// Records.
// ---------------------------------------------------------------------------------------------
export interface Owner {
  code: string;
  name: string;
  type: string | null;
  open: boolean;
  region: OrganisationRef | null;
}
export const ownerSchema = object({ code: str, name: str, type: { type: ["string", "null"] }, open: bool, region: nullable(organisationRefSchema) }, ["code", "name", "type", "open", "region"]);

/** What the caller may do with one record, decided by the server (server/access.ts). */
export interface RecordPermissions {
  /** True when the caller can change something: their role writes an item, the version is not retired and the owner is open today. */
  edit: boolean;
  /** Top-level items of the record's version the caller's role may write, given its answers. */
  writableItems: string[];
  /**
   * Ids of the collection's actions (collection.yaml `actions`) the caller may take on this
   * record now: the action's `when` holds, the caller may edit it and may write every item the
   * action asks and sets.
   */
  actions: string[];
}
export const recordPermissionsSchema = object({ edit: bool, writableItems: strings, actions: strings }, ["edit", "writableItems", "actions"]);

export interface UserName {
  username: string;
  displayName: string;
}
const userNameSchema = object({ username: str, displayName: str }, ["username", "displayName"]);

export interface CaseRecord {
  id: string;
  collection: string;
  version: string;
  revision: number;
  ownerOrg: string;
  owner: Owner;
  data: RecordData;
  complete: boolean;
  missing: string[];
  archive: Record<string, unknown>;
  reviewFlags: string[];
  ownerPending: { candidates: string[]; reason: string } | null;
  createdAt: string;
  createdBy: UserName;
  updatedAt: string;
  updatedBy: UserName;
  permissions: RecordPermissions;
}
export const recordSchema = object(
  {
    id: str,
    collection: str,
    version: str,
    revision: int,
    ownerOrg: str,
    owner: ownerSchema,
    data: openObject,
    complete: bool,
    missing: strings,
    archive: openObject,
    reviewFlags: strings,
    ownerPending: nullable(object({ candidates: strings, reason: str }, ["candidates", "reason"])),
    createdAt: str,
    createdBy: userNameSchema,
    updatedAt: str,
    updatedBy: userNameSchema,
    permissions: recordPermissionsSchema,
  },
  ["id", "collection", "version", "revision", "ownerOrg", "owner", "data", "complete", "missing", "archive", "reviewFlags", "ownerPending", "createdAt", "createdBy", "updatedAt", "updatedBy", "permissions"],
);

/** A saved view of the list offered to the caller's role (the collection's `list.views`). */
export interface ListView {
  id: string;
  title: string;
}
/** An owner organisation the caller may narrow the list to, with its region's code. */
export interface OwnerOption extends OrganisationRef {
  region: string | null;
}
export interface RecordPage {
  items: CaseRecord[];
  /** Matching records, counted up to 10,000 (or sooner where counting costs more, as for a search on a large list): when counting stopped early, totalCapped is true and at least total records match. */
  total: number;
  totalCapped: boolean;
  /** Pass as `cursor` for the page after this one (faster than a page number deep in a list); null on the last page. */
  next: string | null;
  page: number;
  pageSize: number;
  /** The saved views the caller's role is offered, and the one applied (null: none). */
  views: ListView[];
  view: string | null;
  /** What the caller may narrow the list by beyond the definition's items: regions (national users) and owners (users who see many). */
  regions: OrganisationRef[];
  owners: OwnerOption[];
}
const listViewSchema = object({ id: str, title: str }, ["id", "title"]);
const ownerOptionSchema = object({ code: str, name: str, region: { type: ["string", "null"] } }, ["code", "name", "region"]);
export const recordPageSchema = object(
  {
    items: { type: "array", items: recordSchema },
    total: int,
    totalCapped: { type: "boolean" },
    next: { type: ["string", "null"] },
    page: int,
    pageSize: int,
    views: { type: "array", items: listViewSchema },
    view: { type: ["string", "null"] },
    regions: { type: "array", items: organisationRefSchema },
    owners: { type: "array", items: ownerOptionSchema },
  },
  ["items", "total", "totalCapped", "next", "page", "pageSize", "views", "view", "regions", "owners"],
);

/** POST (create) and PUT (replace) a record. */
export interface RecordWriteRequest {
  data: RecordData;
}
export const recordWriteRequestSchema = object({ data: { type: "object" } }, ["data"]);

export const MAX_PAGE_SIZE = 500;
/**
 * The list's fixed query parameters. Query strings arrive as text and are never coerced:
 * numbers are checked as patterns. Filter parameters come from each collection's definition,
 * so the route checks those (and refuses unknown parameters) itself.
 */
export const listQuerySchema = {
  type: "object",
  properties: {
    page: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "Page number, from 1" },
    pageSize: { type: "string", pattern: "^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$", description: `Records per page, 1 to ${MAX_PAGE_SIZE}` },
    cursor: { type: "string", pattern: "^[A-Za-z0-9_-]{1,2000}$", description: "A previous page's `next`: the page after it, in the same order (page is then ignored)" },
    q: { type: "string", description: "Search text" },
    sort: { type: "string", description: "updatedAt, createdAt or a list column" },
    dir: { type: "string", enum: ["asc", "desc"] },
    owner: { type: "string", description: "An owner organisation's code, within the caller's scope" },
    complete: { type: "string", enum: ["yes", "no"], description: "Only records that do (yes) or do not (no) meet every rule of their version" },
    flagged: { type: "string", enum: ["yes", "no"], description: "Only records with (yes) or without (no) reasons for review" },
    region: { type: "string", description: "A region's code: only its owners' records, within the caller's scope" },
    view: { type: "string", description: "A saved view's id (the collection's list.views), one offered to the caller's role" },
  },
  // Choice filters (codes separated by commas: any of them) and date filters (<item>_from, <item>_to).
  additionalProperties: { type: "string" },
} as const;

export interface HistoryEntry {
  revision: number;
  version: string;
  ownerOrg: string;
  reason: string;
  createdAt: string;
  createdBy: UserName;
  changes: { item: string; label: string; before: unknown; after: unknown }[];
}
export interface HistoryBody {
  items: HistoryEntry[];
}
export const historyBodySchema = object(
  {
    items: {
      type: "array",
      items: object(
        {
          revision: int,
          version: str,
          ownerOrg: str,
          reason: str,
          createdAt: str,
          createdBy: userNameSchema,
          changes: { type: "array", items: object({ item: str, label: str, before: {}, after: {} }, ["item", "label", "before", "after"]) },
        },
        ["revision", "version", "ownerOrg", "reason", "createdAt", "createdBy", "changes"],
      ),
    },
  },
  ["items"],
);

// ---------------------------------------------------------------------------------------------
// The owner queue.
// ---------------------------------------------------------------------------------------------
export interface OwnerQueueEntry {
  record: CaseRecord;
  reason: string;
  candidates: Owner[];
}
export interface OwnerQueueBody {
  items: OwnerQueueEntry[];
}
export const ownerQueueBodySchema = object({ items: { type: "array", items: object({ record: recordSchema, reason: str, candidates: { type: "array", items: ownerSchema } }, ["record", "reason", "candidates"]) } }, ["items"]);

export interface AssignOwnerRequest {
  ownerOrg: string;
}
export const assignOwnerRequestSchema = object({ ownerOrg: { type: "string", minLength: 1 } }, ["ownerOrg"]);

// ---------------------------------------------------------------------------------------------
// Maintenance: legacy import and the publish check.
// ---------------------------------------------------------------------------------------------
export const importQuerySchema = object(
  {
    version: { type: "string", minLength: 1 },
    validOnly: { type: "string", enum: ["true", "false"] },
    dryRun: { type: "string", enum: ["true", "false"] },
    wait: { type: "string", enum: ["true", "false"], description: "true: answer when the import is done (200 with the report, 422 when nothing was stored) instead of at once with a job (202)" },
    to: { type: "string", minLength: 1, description: "carry each row to this version as it is stored, by the collection's migration from `version` (as `scrt import --to` does)" },
  },
  ["version"],
);

/**
 * What the migration of an import with `to` made of the rows stored (or, in a dry run, would):
 * counts, not records. The records flagged for review and those waiting for an owner are the
 * case list's "flagged" filter and the owner queue.
 */
export interface ImportMigrationBody {
  from: string;
  to: string;
  records: number;
  complete: number;
  incomplete: number;
  /** Item → how many records miss it or fail its rules. */
  missing: Record<string, number>;
  /** Item → how many records had it carried into their archive. */
  archived: Record<string, number>;
  ownerChanges: { from: string; to: string; rule: string; records: number }[];
  /** Records whose owner a person must choose. */
  pendingOwners: number;
  /** Records flagged for review. */
  flagged: number;
}
const counts = { type: "object", additionalProperties: int } as const;
export const importMigrationBodySchema = object(
  {
    from: str,
    to: str,
    records: int,
    complete: int,
    incomplete: int,
    missing: counts,
    archived: counts,
    ownerChanges: { type: "array", items: object({ from: str, to: str, rule: str, records: int }, ["from", "to", "rule", "records"]) },
    pendingOwners: int,
    flagged: int,
  },
  ["from", "to", "records", "complete", "incomplete", "missing", "archived", "ownerChanges", "pendingOwners", "flagged"],
);

export interface ImportBody {
  message: string;
  rows: number;
  validRows: number;
  problems: { row: number; column: string; message: string }[];
  stored: boolean;
  imported: number;
  alreadyImported: number;
  /** With `to`: what the migration made of the rows. */
  migration?: ImportMigrationBody;
}
export const importBodySchema = object(
  { message: str, rows: int, validRows: int, problems: { type: "array", items: object({ row: int, column: str, message: str }, ["row", "column", "message"]) }, stored: bool, imported: int, alreadyImported: int, migration: importMigrationBodySchema },
  ["message", "rows", "validRows", "problems", "stored", "imported", "alreadyImported"],
);

export const IMPORT_JOB_STATUSES = ["running", "done", "failed"] as const;

/** An import through the API, run as a job: its progress, and its report once done. */
export interface ImportJobBody {
  id: string;
  collection: string;
  version: string;
  status: (typeof IMPORT_JOB_STATUSES)[number];
  startedAt: string;
  finishedAt: string | null;
  /** Rows stored so far, of the rows to store (0 of the file's rows while they are being checked). */
  progress: { checked: number; total: number };
  message: string | null;
  /** The import's report once done (stored false and the problems when nothing was stored). */
  result: ImportBody | null;
}
export const importJobBodySchema = object(
  {
    id: str,
    collection: str,
    version: str,
    status: { type: "string", enum: IMPORT_JOB_STATUSES },
    startedAt: str,
    finishedAt: { type: ["string", "null"] },
    progress: object({ checked: int, total: int }, ["checked", "total"]),
    message: { type: ["string", "null"] },
    result: { anyOf: [{ type: "null" }, importBodySchema] },
  },
  ["id", "collection", "version", "status", "startedAt", "finishedAt", "progress", "message", "result"],
);
export const importJobParamsSchema = object({ collection: str, id: { type: "string", maxLength: 64 } }, ["collection", "id"]);

export interface BreakingChange {
  kind: string;
  item: string | null;
  description: string;
  /** Whether the collection's migration from the current version deals with it. */
  covered: boolean;
}
/** What `forms publish <collection> <version>` would do; the server only reports it. */
export interface PublishCheckBody {
  collection: string;
  version: string;
  status: "draft" | "published" | "retired";
  /** True when `forms publish` would accept the version as the definitions stand. */
  publishable: boolean;
  /** The published version publishing would retire. */
  wouldRetire: string | null;
  /** The migration file that would move records from the retired version, if there is one. */
  migration: { from: string; to: string } | null;
  breakingChanges: BreakingChange[];
  /** Changes that break nothing (labels, hints, new choices...). */
  otherChanges: number;
  message: string;
  /** The command that publishes it, run in the definitions' repository and reviewed like code. */
  command: string;
}
export const publishCheckBodySchema = object(
  {
    collection: str,
    version: str,
    status: { type: "string", enum: ["draft", "published", "retired"] },
    publishable: bool,
    wouldRetire: { type: ["string", "null"] },
    migration: nullable(object({ from: str, to: str }, ["from", "to"])),
    breakingChanges: { type: "array", items: object({ kind: str, item: { type: ["string", "null"] }, description: str, covered: bool }, ["kind", "item", "description", "covered"]) },
    otherChanges: int,
    message: str,
    command: str,
  },
  ["collection", "version", "status", "publishable", "wouldRetire", "migration", "breakingChanges", "otherChanges", "message", "command"],
);

// ---------------------------------------------------------------------------------------------
// Route parameters.
// ---------------------------------------------------------------------------------------------
export const collectionParamsSchema = object({ collection: str }, ["collection"]);
export const versionParamsSchema = object({ collection: str, version: str }, ["collection", "version"]);
export const recordParamsSchema = object({ collection: str, id: str }, ["collection", "id"]);
export const actionParamsSchema = object({ collection: str, action: str }, ["collection", "action"]);
/** The records awaiting an action: a page of them, nothing else to narrow by. */
export const actionListQuerySchema = object(
  {
    page: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "Page number, from 1" },
    pageSize: { type: "string", pattern: "^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$", description: `Records per page, 1 to ${MAX_PAGE_SIZE}` },
  },
  [],
);
export const ifMatchHeadersSchema = { type: "object", properties: { "if-match": { type: "string", description: 'The revision last read, like "3"' } } } as const;

// ---------------------------------------------------------------------------------------------
// The quarterly extract and its log.
// ---------------------------------------------------------------------------------------------
export const EXTRACT_FORMATS = ["csv", "xlsx"] as const;

/** `quarter` (like 2026-27-Q2) or `asAt` (a day), not both; neither: the current quarter so far. */
export const extractQuerySchema = object(
  {
    quarter: { type: "string", description: "An NHS financial-year quarter, like 2026-27-Q2 (1 July to 30 September 2026)" },
    asAt: { type: "string", description: "A day (YYYY-MM-DD): records as they stood at its end, Europe/London" },
    format: { type: "string", enum: EXTRACT_FORMATS, description: "csv (RFC 4180, UTF-8 with a byte-order mark, CRLF; the default) or xlsx (sheets records, one per repeating group, dictionary and about)" },
  },
  [],
);

export interface ExtractQuery {
  quarter?: string;
  asAt?: string;
  format?: (typeof EXTRACT_FORMATS)[number];
}

/** GET .../extract/check: what the same query would extract, without extracting (nothing is logged). */
export interface ExtractCheckBody {
  collection: string;
  /** The day whose end the extract shows. */
  asAt: string;
  quarter: string | null;
  format: (typeof EXTRACT_FORMATS)[number];
}
export const extractCheckBodySchema = object(
  { collection: str, asAt: str, quarter: { type: ["string", "null"] }, format: { type: "string", enum: EXTRACT_FORMATS } },
  ["collection", "asAt", "quarter", "format"],
);

export interface ExtractLogItem {
  id: string;
  user: { username: string; displayName: string };
  collection: string;
  asAt: string;
  quarter: string | null;
  format: string;
  scope: string;
  rows: number;
  sha256: string;
  createdAt: string;
}

export const extractLogBodySchema = object(
  {
    items: {
      type: "array",
      items: object(
        {
          id: str,
          user: object({ username: str, displayName: str }, ["username", "displayName"]),
          collection: str,
          asAt: str,
          quarter: { type: ["string", "null"] },
          format: str,
          scope: str,
          rows: int,
          sha256: str,
          createdAt: str,
        },
        ["id", "user", "collection", "asAt", "quarter", "format", "scope", "rows", "sha256", "createdAt"],
      ),
    },
  },
  ["items"],
);

export interface ExtractLogBody {
  items: ExtractLogItem[];
}

// ---------------------------------------------------------------------------------------------
// The assurance dashboard.
// ---------------------------------------------------------------------------------------------
export interface DashboardQuery {
  quarter?: string;
  asAt?: string;
  /** An NHS England region code (national users; a regional user's own region). */
  region?: string;
  /** An owner organisation's code within the caller's scope. */
  owner?: string;
}
export const dashboardQuerySchema = object(
  {
    quarter: { type: "string", description: "An NHS financial-year quarter, like 2026-27-Q2; default the current one, as it stands today" },
    asAt: { type: "string", description: "A day (YYYY-MM-DD): records as they stood at its end, Europe/London; the period is its quarter up to that day" },
    region: { type: "string", description: "Narrow to records whose owner was in this NHS England region on the day (national users; a regional user's own region)" },
    owner: { type: "string", description: "Narrow to one owner organisation within the caller's scope" },
  },
  [],
);

export interface DashboardCodeCount {
  code: string;
  label: string;
  count: number;
}
export interface DashboardBody {
  collection: string;
  asAt: string;
  quarter: string;
  /** The quarter's first day up to the as-at day: what "opened" and "closed in period" count. */
  period: { start: string; end: string };
  /** Whose records the figures cover, after any narrowing. */
  scope: { level: "england" | "region" | "organisation"; code: string | null; name: string };
  /** What the caller may narrow by: regions (national users) and owners (anyone who sees more than one). */
  narrowBy: { regions: OrganisationRef[]; owners: OrganisationRef[] };
  /** The eight quarters up to today's, newest first, for choosing another. */
  quarters: { id: string; label: string }[];
  total: number;
  open: number;
  openedInPeriod: number;
  closedInPeriod: number;
  items: { key: string; label: string; multiple: boolean }[];
  byItem: Record<string, DashboardCodeCount[]>;
  byOwner: { org: string; name: string; region: string | null; regionName: string | null; total: number; open: number }[];
  byRegion: { code: string; name: string; total: number; open: number }[];
  progress: {
    durations: { id: string; label: string; median: number | null; count: number }[];
    openOlderThan6Months: number;
    openOlderThan12Months: number;
    openWithoutUpdate90Days: number;
    outstanding: { id: string; label: string; count: number }[];
  };
  quality: { incomplete: number; flagged: number };
  trend: { quarter: string; asAt: string; open: number; opened: number }[];
}
const codeCountSchema = object({ code: str, label: str, count: int }, ["code", "label", "count"]);
const nullableStr = { type: ["string", "null"] } as const;
export const dashboardBodySchema = object(
  {
    collection: str,
    asAt: str,
    quarter: str,
    period: object({ start: str, end: str }, ["start", "end"]),
    scope: object({ level: { type: "string", enum: ["england", "region", "organisation"] }, code: nullableStr, name: str }, ["level", "code", "name"]),
    narrowBy: object({ regions: { type: "array", items: organisationRefSchema }, owners: { type: "array", items: organisationRefSchema } }, ["regions", "owners"]),
    quarters: { type: "array", items: object({ id: str, label: str }, ["id", "label"]) },
    total: int,
    open: int,
    openedInPeriod: int,
    closedInPeriod: int,
    items: { type: "array", items: object({ key: str, label: str, multiple: bool }, ["key", "label", "multiple"]) },
    byItem: { type: "object", additionalProperties: { type: "array", items: codeCountSchema } },
    byOwner: { type: "array", items: object({ org: str, name: str, region: nullableStr, regionName: nullableStr, total: int, open: int }, ["org", "name", "region", "regionName", "total", "open"]) },
    byRegion: { type: "array", items: object({ code: str, name: str, total: int, open: int }, ["code", "name", "total", "open"]) },
    progress: object(
      {
        durations: { type: "array", items: object({ id: str, label: str, median: { type: ["number", "null"] }, count: int }, ["id", "label", "median", "count"]) },
        openOlderThan6Months: int,
        openOlderThan12Months: int,
        openWithoutUpdate90Days: int,
        outstanding: { type: "array", items: object({ id: str, label: str, count: int }, ["id", "label", "count"]) },
      },
      ["durations", "openOlderThan6Months", "openOlderThan12Months", "openWithoutUpdate90Days", "outstanding"],
    ),
    quality: object({ incomplete: int, flagged: int }, ["incomplete", "flagged"]),
    trend: { type: "array", items: object({ quarter: str, asAt: str, open: int, opened: int }, ["quarter", "asAt", "open", "opened"]) },
  },
  ["collection", "asAt", "quarter", "period", "scope", "narrowBy", "quarters", "total", "open", "openedInPeriod", "closedInPeriod", "items", "byItem", "byOwner", "byRegion", "progress", "quality", "trend"],
);

// ---------------------------------------------------------------------------------------------
// The learning library.
// ---------------------------------------------------------------------------------------------
export const MAX_LEARNING_PAGE_SIZE = 100;
export const MAX_LEARNING_QUERY_LENGTH = 500;

/**
 * The learning library's fixed query parameters (text, never coerced). Its filter items come
 * from the collection's definition, so the route checks those (and refuses unknown ones) itself.
 */
export const learningQuerySchema = {
  type: "object",
  properties: {
    q: { type: "string", maxLength: MAX_LEARNING_QUERY_LENGTH, description: 'Words to search for (all must appear; "a phrase" in double quotes); nothing in it is query syntax' },
    page: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "Page number, from 1" },
    pageSize: { type: "string", pattern: "^(?:[1-9][0-9]?|100)$", description: `Results per page, 1 to ${MAX_LEARNING_PAGE_SIZE}` },
    region: { type: "string", description: "An NHS England region's code (like Y62): only cases of ICBs in that region (within the caller's scope)" },
    quarter: { type: "string", description: "An NHS financial-year quarter (like 2026-27-Q2): only cases whose report was signed off in it" },
  },
  additionalProperties: { type: "string" },
} as const;

/** Part of a passage: matched words have match true (shown marked); plain text, never markup. */
export interface PassageSegment {
  text: string;
  match: boolean;
}
const passageSchema = { type: "array", items: object({ text: str, match: bool }, ["text", "match"]) } as const;

export interface LearningHit {
  recordId: string;
  /** The answer to the collection's record-title item (the case identifier), if any. */
  title: string | null;
  ownerOrg: string;
  owner: OrganisationRef;
  region: OrganisationRef | null;
  /** The item whose text matched, and its label. */
  item: string;
  itemLabel: string;
  passage: PassageSegment[];
  /** The record's answers to the learning filter items, as lists of codes. */
  filters: Record<string, string[]>;
}
export const learningHitSchema = object(
  {
    recordId: str,
    title: { type: ["string", "null"] },
    ownerOrg: str,
    owner: organisationRefSchema,
    region: nullable(organisationRefSchema),
    item: str,
    itemLabel: str,
    passage: passageSchema,
    filters: { type: "object", additionalProperties: strings },
  },
  ["recordId", "title", "ownerOrg", "owner", "region", "item", "itemLabel", "passage", "filters"],
);

export interface LearningPage {
  items: LearningHit[];
  /** Matching passages (a case matching in two items counts twice), at most 10,000. */
  total: number;
  /**
   * True when more than 10,000 passages match: total is then a lower bound, and the results
   * are the best of the 10,000 most recently written (add words or filters to narrow).
   */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  /** Why nothing was searched (no words given), or null. */
  message: string | null;
  /** The regions the caller may narrow to (their own only, unless they see several). */
  regions: OrganisationRef[];
  /** Quarters that may be chosen, newest first (when the collection names a signed-off date). */
  quarters: string[];
}
export const learningPageSchema = object(
  {
    items: { type: "array", items: learningHitSchema },
    total: int,
    totalCapped: bool,
    page: int,
    pageSize: int,
    message: { type: ["string", "null"] },
    regions: { type: "array", items: organisationRefSchema },
    quarters: strings,
  },
  ["items", "total", "totalCapped", "page", "pageSize", "message", "regions", "quarters"],
);

// ---------------------------------------------------------------------------------------------
// User administration (national users with the user-administrator permission).
// ---------------------------------------------------------------------------------------------
const ROLE_VALUES = ["icb_editor", "icb_viewer", "regional", "national", "standards_admin"] as const;

/** An account as a user administrator sees it. */
export interface ManagedUser {
  id: string;
  /** Lower-cased; null only for accounts made without one (the demo users). */
  email: string | null;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  organisation: OrganisationRef;
  userAdmin: boolean;
  active: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  /** The account is linked to an identity at the identity provider (after its first OpenID Connect sign-in). */
  signInLinked: boolean;
}
export const managedUserSchema = object(
  {
    id: str,
    email: { type: ["string", "null"] },
    username: str,
    displayName: str,
    role: { type: "string", enum: ROLE_VALUES },
    roleName: str,
    organisation: organisationRefSchema,
    userAdmin: bool,
    active: bool,
    createdAt: str,
    lastSignInAt: { type: ["string", "null"] },
    signInLinked: bool,
  },
  ["id", "email", "username", "displayName", "role", "roleName", "organisation", "userAdmin", "active", "createdAt", "lastSignInAt", "signInLinked"],
);

export const MAX_USERS_PAGE_SIZE = 200;
export const USER_STATUSES = ["active", "deactivated"] as const;
export interface UsersQuery {
  q?: string;
  status?: (typeof USER_STATUSES)[number];
  page?: string;
  pageSize?: string;
}
export const usersQuerySchema = object(
  {
    q: { type: "string", maxLength: 200, description: "Words found in the name, email or organisation code (any case)" },
    status: { type: "string", enum: USER_STATUSES, description: "Only active or only deactivated accounts" },
    page: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "Page number, from 1" },
    pageSize: { type: "string", pattern: "^(?:[1-9][0-9]?|1[0-9]{2}|200)$", description: `Accounts per page, 1 to ${MAX_USERS_PAGE_SIZE}` },
  },
  [],
);

/** GET /api/users: accounts by name. */
export interface UserPage {
  items: ManagedUser[];
  total: number;
  page: number;
  pageSize: number;
}
export const userPageSchema = object({ items: { type: "array", items: managedUserSchema }, total: int, page: int, pageSize: int }, ["items", "total", "page", "pageSize"]);

export const userParamsSchema = object({ id: { type: "string", maxLength: 100 } }, ["id"]);

/**
 * POST /api/users. Every field is checked by the server's account rules, which name each
 * problem at its field (422), so none is required by the envelope.
 */
export interface AddUserRequest {
  email?: string;
  displayName?: string;
  role?: string;
  /** ODS code: an open ICB for ICB roles, an NHS England region (Y56...) for regional users, X24 otherwise. */
  orgCode?: string;
  userAdmin?: boolean;
}
export const addUserRequestSchema = object(
  {
    email: str,
    displayName: str,
    role: { type: "string", description: `One of ${ROLE_VALUES.join(", ")}` },
    orgCode: { type: "string", description: "An open ICB for ICB roles, an NHS England region (Y56...) for regional users, NHS England (X24) for national users and standards admins" },
    userAdmin: { type: "boolean", description: "May administer accounts (national users only)" },
  },
  [],
);

/** PATCH /api/users/:id: absent fields stay as they are. */
export interface ChangeUserRequest {
  displayName?: string;
  role?: string;
  orgCode?: string;
  userAdmin?: boolean;
  /** false deactivates (and ends the person's sessions at once); true reactivates. */
  active?: boolean;
}
export const changeUserRequestSchema = object(
  { displayName: str, role: str, orgCode: str, userAdmin: bool, active: { type: "boolean", description: "false deactivates the account and ends its sessions at once; true reactivates it" } },
  [],
);

/** What an account in a role needs: the add and change forms offer these. */
export interface RoleChoice {
  role: Role;
  roleName: string;
  /** In words, like "an open ICB". */
  organisationKind: string;
  userAdminAllowed: boolean;
  /** The organisations an account in this role may belong to today, by name. */
  organisations: OrganisationRef[];
}
export interface RoleChoicesBody {
  items: RoleChoice[];
}
export const roleChoicesBodySchema = object(
  {
    items: {
      type: "array",
      items: object(
        { role: { type: "string", enum: ROLE_VALUES }, roleName: str, organisationKind: str, userAdminAllowed: bool, organisations: { type: "array", items: organisationRefSchema } },
        ["role", "roleName", "organisationKind", "userAdminAllowed", "organisations"],
      ),
    },
  },
  ["items"],
);

// ---------------------------------------------------------------------------------------------
// The audit trail.
// ---------------------------------------------------------------------------------------------
export const MAX_AUDIT_PAGE_SIZE = 200;

/**
 * GET /api/audit's parameters (text, never coerced). `action` may be repeated or
 * comma-separated; `from` and `to` are days (Europe/London; `to` includes its whole day) or ISO
 * instants (`to` excluded).
 */
export const auditQuerySchema = {
  type: "object",
  properties: {
    user: { type: "string", description: "Only entries about this user: their id or username" },
    case: { type: "string", description: "Only entries about this case: its record id" },
    collection: { type: "string", description: "Only entries about this collection's cases, extracts and dashboards" },
    action: {
      anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
      description: "Only these actions: repeat the parameter or separate codes with commas (sign_in, case_viewed, ...)",
    },
    from: { type: "string", description: "From this day (YYYY-MM-DD, Europe/London) or instant (ISO 8601 with a zone), inclusive" },
    to: { type: "string", description: "To the end of this day (YYYY-MM-DD, Europe/London), or up to (excluding) this ISO 8601 instant" },
    before: { type: "string", pattern: "^[1-9][0-9]{0,14}$", description: "Entries older than this one (the previous page's `next`)" },
    pageSize: { type: "string", pattern: "^(?:[1-9][0-9]?|1[0-9]{2}|200)$", description: `Entries per page, 1 to ${MAX_AUDIT_PAGE_SIZE} (default 50)` },
  },
  additionalProperties: false,
} as const;

export interface AuditQueryParams {
  user?: string;
  case?: string;
  collection?: string;
  action?: string | string[];
  from?: string;
  to?: string;
  before?: string;
  pageSize?: string;
}

export interface AuditItem {
  /** The entry's place in the trail: increases with every entry, never reused. */
  seq: number;
  at: string;
  /** The machine code (sign_in, case_viewed, ...) and the same in words. */
  action: string;
  actionName: string;
  /** The account that acted, if known (null for an unknown name at sign-in, or an account since removed). */
  user: PublicUser | null;
  /** Who acted as the trail recorded them: the username, or the name an unknown person gave. */
  actor: string;
  ip: string | null;
  collection: string | null;
  recordId: string | null;
  /** The account an administration action was about. */
  subjectUserId: string | null;
  subjectUser: PublicUser | null;
  /** Ids, codes and counts only: never case contents, search words or answers. */
  details: Record<string, unknown>;
}

export interface AuditBody {
  /** Newest first. */
  items: AuditItem[];
  /** Pass as `before` for the next (older) page; null when there are no older entries. */
  next: number | null;
  /** Every action the trail records, with its words (what the trail can be filtered by). */
  actions: { code: string; name: string }[];
}

export const auditBodySchema = object(
  {
    items: {
      type: "array",
      items: object(
        {
          seq: int,
          at: str,
          action: str,
          actionName: str,
          user: nullable(publicUserSchema),
          actor: str,
          ip: nullableStr,
          collection: nullableStr,
          recordId: nullableStr,
          subjectUserId: nullableStr,
          subjectUser: nullable(publicUserSchema),
          details: openObject,
        },
        ["seq", "at", "action", "actionName", "user", "actor", "ip", "collection", "recordId", "subjectUserId", "subjectUser", "details"],
      ),
    },
    next: { type: ["integer", "null"] },
    actions: { type: "array", items: object({ code: str, name: str }, ["code", "name"]) },
  },
  ["items", "next", "actions"],
);

// ---------------------------------------------------------------------------------------------
// Drafts: an author's unsaved answers.
// ---------------------------------------------------------------------------------------------
/** A draft key: the record's id, or `new-` and a UUID for a case not yet saved. */
export const DRAFT_KEY_PATTERN = "^(?:new-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?!new-)[0-9A-Za-z][0-9A-Za-z-]{0,63})$";

export interface DraftBody {
  collection: string;
  key: string;
  /** The record the draft edits; null for a new case. */
  recordId: string | null;
  version: string;
  data: RecordData;
  /** The record's revision when the author started (null for a new case). */
  basedOnRevision: number | null;
  updatedAt: string;
  expiresAt: string;
}
export const draftSchema = object(
  {
    collection: str,
    key: str,
    recordId: nullable(str),
    version: str,
    data: openObject,
    basedOnRevision: nullable(int),
    updatedAt: str,
    expiresAt: str,
  },
  ["collection", "key", "recordId", "version", "data", "basedOnRevision", "updatedAt", "expiresAt"],
);

export interface DraftListBody {
  items: DraftBody[];
}
export const draftListSchema = object({ items: { type: "array", items: draftSchema } }, ["items"]);

export interface DraftWriteRequest {
  version: string;
  data: RecordData;
  basedOnRevision?: number | null;
}
export const draftWriteRequestSchema = object(
  { version: { type: "string", minLength: 1 }, data: { type: "object" }, basedOnRevision: nullable({ type: "integer", minimum: 1 }) },
  ["version", "data"],
);
export const draftParamsSchema = object({ collection: str, key: { type: "string", pattern: DRAFT_KEY_PATTERN } }, ["collection", "key"]);
