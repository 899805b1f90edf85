/**
 * The standards team's pages: collections and versions, the diff between two versions,
 * migrations in words, and the impact of a version's rules on the stored records (a job;
 * counts only: standards admins see no case contents).
 */
const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const int = { type: "integer" } as const;
const strings = { type: "array", items: str } as const;
const nullableStr = { type: ["string", "null"] } as const;

function object<P extends Record<string, unknown>, R extends readonly (keyof P & string)[]>(properties: P, required: R) {
  return { type: "object", required, properties, additionalProperties: false } as const;
}

export interface StandardsVersion {
  version: string;
  status: "draft" | "published" | "retired";
  effectiveFrom: string | null;
  title: string;
  /** The fingerprint of a fixed (published or retired) version in versions.lock.yaml; null for a draft, which may still change. */
  fingerprint: string | null;
  /** How many items it has (items of repeating groups included). */
  items: number;
}
export interface StandardsCollection {
  id: string;
  title: string;
  currentVersion: string | null;
  versions: StandardsVersion[];
  migrations: { from: string; to: string }[];
}
export interface StandardsCollectionsBody {
  items: StandardsCollection[];
}
const standardsVersionSchema = object(
  { version: str, status: { type: "string", enum: ["draft", "published", "retired"] }, effectiveFrom: nullableStr, title: str, fingerprint: nullableStr, items: int },
  ["version", "status", "effectiveFrom", "title", "fingerprint", "items"],
);
export const standardsCollectionsBodySchema = object(
  {
    items: {
      type: "array",
      items: object(
        { id: str, title: str, currentVersion: nullableStr, versions: { type: "array", items: standardsVersionSchema }, migrations: { type: "array", items: object({ from: str, to: str }, ["from", "to"]) } },
        ["id", "title", "currentVersion", "versions", "migrations"],
      ),
    },
  },
  ["items"],
);

export interface StandardsChange {
  kind: string;
  item: string | null;
  description: string;
  breaking: boolean;
  /** For a breaking change: whether the migration between the two versions deals with it; null when not breaking or there is no migration. */
  covered: boolean | null;
}
export interface StandardsDiffBody {
  collection: string;
  from: string;
  to: string;
  /** Whether a migration connects the two versions. */
  migration: boolean;
  changes: StandardsChange[];
}
export const standardsDiffQuerySchema = object({ from: str, to: str }, ["from", "to"]);
export const standardsDiffBodySchema = object(
  {
    collection: str,
    from: str,
    to: str,
    migration: bool,
    changes: { type: "array", items: object({ kind: str, item: nullableStr, description: str, breaking: bool, covered: { type: ["boolean", "null"] } }, ["kind", "item", "description", "breaking", "covered"]) },
  },
  ["collection", "from", "to", "migration", "changes"],
);

export interface MigrationInWords {
  from: string;
  to: string;
  description: string | null;
  /** One sentence a step, in the order they run. */
  steps: string[];
}
export interface StandardsMigrationsBody {
  collection: string;
  items: MigrationInWords[];
}
export const standardsMigrationsBodySchema = object(
  { collection: str, items: { type: "array", items: object({ from: str, to: str, description: nullableStr, steps: strings }, ["from", "to", "description", "steps"]) } },
  ["collection", "items"],
);

export const IMPACT_JOB_STATUSES = ["running", "done", "failed"] as const;
export interface ImpactResult {
  /** Records of `recordsVersion` checked. */
  checked: number;
  /** How many of them the version's rules would refuse. */
  failing: number;
  /** Per item and message: how many records fail it. */
  rules: { item: string; label: string; message: string; records: number }[];
  /** Per owner: how many of its records fail. */
  owners: { code: string; name: string; records: number }[];
}
export interface ImpactJobBody {
  id: string;
  collection: string;
  /** The version whose rules are run. */
  version: string;
  /** The version of the stored records they are run over (the published one). */
  recordsVersion: string;
  status: (typeof IMPACT_JOB_STATUSES)[number];
  startedAt: string;
  finishedAt: string | null;
  progress: { checked: number; total: number };
  message: string | null;
  result: ImpactResult | null;
}
export const impactJobBodySchema = object(
  {
    id: str,
    collection: str,
    version: str,
    recordsVersion: str,
    status: { type: "string", enum: IMPACT_JOB_STATUSES },
    startedAt: str,
    finishedAt: nullableStr,
    progress: object({ checked: int, total: int }, ["checked", "total"]),
    message: nullableStr,
    result: {
      anyOf: [
        { type: "null" },
        object(
          {
            checked: int,
            failing: int,
            rules: { type: "array", items: object({ item: str, label: str, message: str, records: int }, ["item", "label", "message", "records"]) },
            owners: { type: "array", items: object({ code: str, name: str, records: int }, ["code", "name", "records"]) },
          },
          ["checked", "failing", "rules", "owners"],
        ),
      ],
    },
  },
  ["id", "collection", "version", "recordsVersion", "status", "startedAt", "finishedAt", "progress", "message", "result"],
);
export const jobParamsSchema = object({ id: { type: "string", maxLength: 64 } }, ["id"]);
