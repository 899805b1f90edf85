/**
 * The quarterly extract: every record the caller may see as it stood at the end of a day
 * (Europe/London), in the columns of the collection's current published version whatever
 * version each record was stored under then (older revisions go through the stored
 * migrations, a pure function), read from the append-only revisions a batch at a time so
 * memory does not grow with the number of records, and re-runnable with the same result.
 */
import type { CompiledForm, CompiledItem, FormRegistry, RecordData } from "../engine/index.ts";
import { ownerOnDay, type OwnerOnDay, type ReferenceData } from "../organisations/index.ts";
import type { RecordAsAt, Store } from "../storage/index.ts";
import { endOfDayInLondon } from "./as-at.ts";
import { CurrentAnswers } from "./current-answers.ts";

export const FIXED_COLUMNS = ["record_id", "owner_org", "owner_name", "region_code", "region_name", "form_version", "revision", "created_at", "updated_at", "complete"] as const;

export interface ExtractColumn {
  key: string;
  label: string;
  /** The item the column comes from (absent for the fixed columns). */
  item?: CompiledItem;
  /** For a multiple choice's 0/1 column: the code it counts. */
  code?: string;
}

const FIXED_LABELS: Record<(typeof FIXED_COLUMNS)[number], string> = {
  record_id: "Record identifier (the tracker's)",
  owner_org: "Owner organisation code (ODS)",
  owner_name: "Owner organisation name, on the as-at date",
  region_code: "NHS England region code, on the as-at date",
  region_name: "NHS England region name, on the as-at date",
  form_version: "Version of the definition the record was stored under on the as-at date",
  revision: "Revision of the record in force on the as-at date",
  created_at: "When the record was created (UTC)",
  updated_at: "When the revision in force was made (UTC)",
  complete: "yes when the record meets every rule of the current version, else no",
};

/** The extract's columns, in order: the fixed ones, then every item of the form by key (a multiple choice also as one 0/1 column per code). */
export function extractColumns(form: CompiledForm): ExtractColumn[] {
  const columns: ExtractColumn[] = FIXED_COLUMNS.map((key) => ({ key, label: FIXED_LABELS[key] }));
  for (const item of form.items) {
    columns.push({ key: item.key, label: item.label, item });
    if (item.type !== "multiple_choice") continue;
    for (const choice of form.choiceLists[item.choices!]?.choices ?? []) {
      columns.push({ key: `${item.key}__${choice.code}`, label: `${item.label}: ${choice.label} (1 if selected, else 0)`, item, code: choice.code });
    }
  }
  return columns;
}

export interface ExtractSource {
  store: Store;
  registry: FormRegistry;
  reference: ReferenceData;
  collection: string;
  /** The day whose end is described (YYYY-MM-DD). */
  asAt: string;
  /** Owner organisations the caller may see (today's owners); "all" for national users. */
  owners: string[] | "all";
  batchSize?: number;
}

/** The current published version's form (the extract's columns), or undefined. */
export function extractForm(registry: FormRegistry, collection: string): CompiledForm | undefined {
  return registry.published(collection)?.form;
}

export interface ExtractRow {
  recordId: string;
  /** One text per column of extractColumns. */
  cells: string[];
  /** The entries of each repeating group, for formats that give them rows of their own. */
  groups: Record<string, RecordData[]>;
}

/** The rows of the extract, one per record, in record id order. */
export async function* extractRows(source: ExtractSource): AsyncGenerator<ExtractRow> {
  const target = source.registry.published(source.collection);
  if (!target) throw new Error(`${source.collection} has no published version`);
  const columns = extractColumns(target.form);
  const at = endOfDayInLondon(source.asAt);
  const current = new CurrentAnswers(source.registry, source.collection, target.form.version);
  const owners = new Map<string, OwnerOnDay>();
  const ownerOf = (code: string) => owners.get(code) ?? owners.set(code, ownerOnDay(source.reference, code, source.asAt)).get(code)!;
  let afterId: string | undefined;
  for (;;) {
    const batch = await source.store.scanRecordsAsAt({ collection: source.collection, at, owners: source.owners, ...(afterId ? { afterId } : {}), limit: source.batchSize ?? 500 });
    if (!batch.length) return;
    for (const record of batch) {
      const data = current.of(record.revision, source.asAt);
      const complete = target.validate(data, { today: source.asAt }).valid;
      const owner = ownerOf(record.revision.ownerOrg);
      const groups: Record<string, RecordData[]> = {};
      for (const item of target.form.items) {
        const entries = data[item.key];
        if (item.type === "repeating_group" && Array.isArray(entries)) groups[item.key] = entries.filter((e): e is RecordData => typeof e === "object" && e !== null && !Array.isArray(e));
      }
      yield { recordId: record.id, cells: columns.map((c) => cell(c, record, data, complete, owner)), groups };
    }
    afterId = batch[batch.length - 1]!.id;
  }
}

function cell(column: ExtractColumn, record: RecordAsAt, data: RecordData, complete: boolean, owner: OwnerOnDay): string {
  const rev = record.revision;
  switch (column.key) {
    case "record_id":
      return record.id;
    case "owner_org":
      return rev.ownerOrg;
    case "owner_name":
      return owner.name;
    case "region_code":
      return owner.region?.code ?? "";
    case "region_name":
      return owner.region?.name ?? "";
    case "form_version":
      return rev.version;
    case "revision":
      return String(rev.revision);
    case "created_at":
      return record.createdAt;
    case "updated_at":
      return rev.createdAt;
    case "complete":
      return complete ? "yes" : "no";
  }
  const value = data[column.item!.key];
  if (column.code !== undefined) return Array.isArray(value) && value.includes(column.code) ? "1" : "0";
  if (value === undefined || value === null) return "";
  if (column.item!.type === "multiple_choice" && Array.isArray(value)) return value.join(";");
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The extract's data dictionary: one row per column (key, label, type, codes, rules). */
export function dictionaryRows(form: CompiledForm): string[][] {
  const rulesOf = (item: CompiledItem) =>
    [
      item.required ? "required" : "",
      item.maxLength !== undefined ? `at most ${item.maxLength} characters` : "",
      item.pattern ? `matches ${item.pattern}` : "",
      ...form.rules.filter((r) => r.item === item.path).map((r) => r.message),
    ].filter(Boolean).join("; ");
  return extractColumns(form).map((c) => {
    if (!c.item) return [c.key, c.label, "", "", ""];
    if (c.code !== undefined) return [c.key, c.label, "0 or 1", "", ""];
    const codes = c.item.choices ? (form.choiceLists[c.item.choices]?.choices ?? []).map((ch) => `${ch.code}=${ch.label}${ch.retired ? " (retired)" : ""}`).join("; ") : "";
    const type = c.item.type === "multiple_choice" ? "codes separated by ;" : c.item.type === "repeating_group" ? "entries as JSON" : c.item.type;
    return [c.key, c.label, type, codes, rulesOf(c.item)];
  });
}

export const DICTIONARY_HEADER = ["key", "label", "type", "codes", "rules"];
