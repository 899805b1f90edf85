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
  },
  ["createIn", "writerRole", "seesManyOrganisations", "manageDefinitions", "assignOwners", "importLegacy", "analyse", "viewExtractLog", "readScope"],
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

/** GET /auth/me and POST /auth/dev-login. */
export interface SessionBody {
  user: PublicUser;
  csrfToken: string;
  permissions: UserPermissions;
  /** For ICB users; null for everyone else. */
  organisationStatus: OrganisationStatus | null;
}
export const sessionBodySchema = object(
  { user: publicUserSchema, csrfToken: str, permissions: userPermissionsSchema, organisationStatus: nullable(organisationStatusSchema) },
  ["user", "csrfToken", "permissions", "organisationStatus"],
);

export interface DevUsersBody {
  items: PublicUser[];
}
export const devUsersBodySchema = object({ items: { type: "array", items: publicUserSchema } }, ["items"]);

export interface SignedOutBody {
  signedOut: true;
}
export const signedOutBodySchema = object({ signedOut: bool }, ["signedOut"]);

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
}
export const recordPermissionsSchema = object({ edit: bool, writableItems: strings }, ["edit", "writableItems"]);

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

export interface RecordPage {
  items: CaseRecord[];
  total: number;
  page: number;
  pageSize: number;
}
export const recordPageSchema = object({ items: { type: "array", items: recordSchema }, total: int, page: int, pageSize: int }, ["items", "total", "page", "pageSize"]);

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
    q: { type: "string", description: "Search text" },
    sort: { type: "string", description: "updatedAt, createdAt or a list column" },
    dir: { type: "string", enum: ["asc", "desc"] },
    owner: { type: "string", description: "An owner organisation's code, within the caller's scope" },
    complete: { type: "string", enum: ["yes", "no"], description: "Only records that do (yes) or do not (no) meet every rule of their version" },
    flagged: { type: "string", enum: ["yes", "no"], description: "Only records with (yes) or without (no) reasons for review" },
  },
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
  { version: { type: "string", minLength: 1 }, validOnly: { type: "string", enum: ["true", "false"] }, dryRun: { type: "string", enum: ["true", "false"] } },
  ["version"],
);

export interface ImportBody {
  message: string;
  rows: number;
  validRows: number;
  problems: { row: number; column: string; message: string }[];
  stored: boolean;
  imported: number;
  alreadyImported: number;
}
export const importBodySchema = object(
  { message: str, rows: int, validRows: int, problems: { type: "array", items: object({ row: int, column: str, message: str }, ["row", "column", "message"]) }, stored: bool, imported: int, alreadyImported: int },
  ["message", "rows", "validRows", "problems", "stored", "imported", "alreadyImported"],
);

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
