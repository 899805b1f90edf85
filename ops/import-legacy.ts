/**
 * Legacy import: the 2021-era spreadsheets ICBs exported from the old system, one case per
 * row, headers being the version's item labels plus "CCG code". Every row is checked against
 * the version's compiled rules and the reference data first; nothing is stored unless every
 * row is valid (or, when asked, only the valid rows are). Rows are read twice as a stream,
 * never held all at once. Importing the same file again adds nothing.
 */
import { CsvError, parse } from "csv-parse";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { type CompiledForm, type CompiledItem, type CompiledMigration, type FormRegistry, isIsoDate, type OwnerResolver, type RegisteredForm } from "../engine/index.ts";
import { ownerResolverFrom, type ReferenceData } from "../organisations/index.ts";
import type { NewRecord, RecordData, Store, WriteResult } from "../storage/index.ts";
import { learningEntry } from "./learning-texts.ts";
import { MigrationRun, type Migrated, type MigrationInput, type MigrationReport } from "./migrate-records.ts";
import { duplicateFlag } from "./record-writes.ts";
import { uniqueConstraints } from "./unique.ts";

export const OWNER_COLUMN = "CCG code";

/**
 * Rows in the first transaction. Later chunks are sized so that each transaction lasts about
 * as long as the store asks (Store.bulkTransactionMs): short enough that anyone else waiting
 * for the database waits a moment, whatever the machine's speed.
 */
const FIRST_CHUNK = 200;
const MIN_CHUNK = 20;
const MAX_CHUNK = 5_000;

/** The next chunk's size, from the last one's and how long its transaction took; it changes at most twofold at a time. */
export function nextChunkSize(size: number, tookMs: number, targetMs: number): number {
  const factor = Math.min(2, Math.max(0.5, targetMs / Math.max(tookMs, 1)));
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.round(size * factor)));
}

export interface ImportProblem {
  /** Line of the file (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  validRows: number;
  problems: ImportProblem[];
  /** False when nothing was stored because some rows were invalid (and validOnly was not asked). */
  stored: boolean;
  imported: number;
  /** Rows already imported by an earlier run (the same case, see importKey): left as they were. */
  alreadyImported: number;
  /** With `migrateTo`: what the migration made of the rows stored (or, in a dry run, would). */
  migration?: MigrationReport;
}

/**
 * Carry each row to a later version as it is stored: the record is stored once, under the
 * target version, with the row as it arrived kept as its first revision. The outcome (records,
 * revisions, owners, flags, archive) is that of importing the file and then running the
 * migration over it, for half the writing: each record's indexes, texts and side rows are
 * written once rather than written and then rewritten.
 */
export interface ImportMigration {
  target: RegisteredForm;
  migration: CompiledMigration;
  resolveOwner: OwnerResolver;
}

/**
 * The migration an import carrying its rows from version `from` to `to` runs, as `migrate
 * --to` would run it; or why there is none (the CLI and the API each say it their way).
 */
export function importMigration(registry: FormRegistry, reference: ReferenceData, collection: string, from: string, to: string): ImportMigration | { problem: "unknown_version" | "no_migration"; message: string } {
  const target = registry.get(collection, to);
  if (!target) return { problem: "unknown_version", message: `No version ${to} of collection ${collection}` };
  const migration = registry.migration(collection, from, to);
  if (!migration) return { problem: "no_migration", message: `Collection ${collection} has no migration from ${from} to ${to}` };
  return { target, migration, resolveOwner: ownerResolverFrom(reference) };
}

export interface ImportOptions {
  store: Store;
  form: RegisteredForm;
  reference: ReferenceData;
  /** Opens the CSV afresh: it is read once to check and once to store. */
  open: () => Readable;
  today: string;
  userId: string;
  validOnly?: boolean;
  /** Check only; store nothing. */
  dryRun?: boolean;
  /**
   * Rows stored per transaction; default: as many as fit the store's transaction time
   * (Store.bulkTransactionMs). Each chunk is one short transaction of its own, so that a
   * tracker serving the same file (the CLI's case) or other requests to this one (the import
   * job's) wait for one chunk at most. Every row was checked before the first is stored; an
   * import stopped part way is finished by running it again (rows already stored are
   * recognised by their import key and not stored twice).
   */
  chunkSize?: number;
  /** Called after each stored chunk with the rows stored so far (a job reports progress and lets other work run). */
  afterChunk?: (done: number) => Promise<void>;
  /** Carry the rows to a later version as they are stored (see ImportMigration); the migration's date is `today`. */
  migrateTo?: ImportMigration;
  /** Called once the rows are checked, with how many are to be stored. */
  onChecked?: (toStore: number) => Promise<void> | void;
}

interface Row {
  line: number;
  ownerOrg: string;
  data: RecordData;
  key: string;
}

export async function importLegacy(options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, validRows: 0, problems: [], stored: false, imported: 0, alreadyImported: 0 };
  const migration = options.migrateTo && new MigrationRun({ ...options.migrateTo, date: options.today, dryRun: Boolean(options.dryRun) });
  try {
    return await importRows(options, report, migration);
  } finally {
    if (migration) report.migration = migration.result();
  }
}

async function importRows(options: ImportOptions, report: ImportReport, migration: MigrationRun | undefined): Promise<ImportReport> {
  const seen = new Map<string, number>();
  // The valid rows, by line: the second reading stores them without checking them again.
  const checked: CheckedRows = { header: 0, fingerprints: [], rows: 0 };
  let header: string[] | undefined;

  for await (const parsed of readRows(options, (h) => ((header = h), (checked.header = rowFingerprint(h))), report.problems)) {
    report.rows++;
    // With a wrong header every row would fail for the same reason: report the header alone.
    if (report.problems.some((p) => p.row === 1)) continue;
    if (!parsed.row) {
      report.problems.push(...parsed.problems);
      continue;
    }
    const first = seen.get(parsed.row.key);
    if (first !== undefined) {
      report.problems.push({ row: parsed.line, column: OWNER_COLUMN, message: `repeats row ${first}: the same CCG code and the same identifying answers` });
      continue;
    }
    seen.set(parsed.row.key, parsed.line);
    checked.fingerprints[parsed.line] = parsed.fingerprint;
    checked.rows++;
    report.validRows++;
    // A dry run reports what the migration would make of every valid row.
    if (migration && options.dryRun) {
      const before = arrivedAs(parsed.row);
      migration.count("", before, migration.migrate(before), undefined, `row ${parsed.line}`);
    }
  }
  if (!header) {
    report.problems.push({ row: 1, column: UNREADABLE_COLUMN, message: "the file is empty: it needs a header row of item labels and a row per case" });
    return report;
  }
  const invalidRows = new Set(report.problems.map((p) => p.row));
  const unreadable = report.problems.some((p) => p.column === UNREADABLE_COLUMN);
  if (options.dryRun || unreadable || (invalidRows.size && !options.validOnly)) return report;

  const store = async (rows: Row[]) => {
    const planned = rows.map((row) => ({ row, ...newRecord(options, row, migration) }));
    let results = await options.store.createRecords(planned.map((p) => p.record));
    // A case whose identifier another case of its new owner already uses (two predecessors'
    // cases, now one owner's): both are kept, this one flagged for a person, as a migration does.
    const duplicates = planned.flatMap((p, i) => (results[i]!.kind === "duplicate" ? [i] : []));
    if (duplicates.length) {
      const retried = await options.store.createRecords(
        duplicates.map((i) => {
          const { record } = planned[i]!;
          const written = results[i] as Extract<WriteResult, { kind: "duplicate" }>;
          return { ...record, unique: [], reviewFlags: [...(record.reviewFlags ?? []), duplicateFlag(written.item, record.ownerOrg)] };
        }),
      );
      results = results.slice();
      duplicates.forEach((i, n) => (results[i] = retried[n]!));
    }
    results.forEach((written, i) => {
      const { row, migrated } = planned[i]!;
      if (written.kind === "ok") {
        report.imported++;
        if (migration && migrated) migration.count(written.record.id, migrated.before, migrated, written.record.reviewFlags);
      } else if (written.kind === "already_imported") report.alreadyImported++;
      else throw new Error(`row ${row.line} could not be stored (${written.kind})`);
    });
  };
  await options.onChecked?.(report.validRows);
  let chunkSize = options.chunkSize ?? FIRST_CHUNK;
  let chunk: Row[] = [];
  const flush = async () => {
    const began = performance.now();
    await store(chunk);
    if (options.chunkSize === undefined) chunkSize = nextChunkSize(chunkSize, performance.now() - began, options.store.bulkTransactionMs());
    chunk = [];
    await options.afterChunk?.(report.imported + report.alreadyImported);
  };
  let read = 0;
  for await (const { row } of readRows(options, () => undefined, [], checked)) {
    if (!row) continue;
    read++;
    chunk.push(row);
    if (chunk.length >= chunkSize) await flush();
  }
  if (read < checked.rows) throw new ImportFileChanged(`it has ${read} of the ${checked.rows} valid rows that were checked`);
  if (chunk.length) await flush();
  report.stored = true;
  return report;
}

/** A checked row as a migration reads it: its answers and owner, nothing archived or flagged yet. */
function arrivedAs(row: Row): MigrationInput {
  return { data: row.data, ownerOrg: row.ownerOrg, archive: {}, reviewFlags: [] };
}

/** The record a row is stored as: as it arrived, or carried to the migration's version (with what the migration read, for its report). */
function newRecord(options: ImportOptions, row: Row, migration: MigrationRun | undefined): { record: NewRecord; migrated?: Migrated & { before: MigrationInput } } {
  const form = options.form.form;
  const asArrived = { version: form.version, ownerOrg: row.ownerOrg, data: row.data, reason: "import" };
  const common = { collection: form.collection.id, userId: options.userId, importKey: row.key };
  if (!migration) return { record: { ...common, ...asArrived, complete: true, missing: [], unique: [], search: learningEntry(form, row.data) } };
  const before = arrivedAs(row);
  const migrated = migration.migrate(before);
  const target = migration.target.form;
  const { data } = migrated.record;
  return {
    record: { ...common, ...migrated.record, unique: uniqueConstraints(target, data), search: learningEntry(target, data), arrived: asArrived },
    migrated: { ...migrated, before },
  };
}

/** The column a problem of the whole file is reported at. */
const UNREADABLE_COLUMN = "(file)";

function csvReason(code: string): string {
  if (code === "CSV_QUOTE_NOT_CLOSED") return "a quoted cell is never closed";
  if (code === "CSV_INVALID_CLOSING_QUOTE" || code === "INVALID_OPENING_QUOTE") return "a quote is in the middle of a cell; quote the whole cell and double any quote inside it";
  return "it breaks the CSV format";
}

/** One data row: converted and checked; `row` is absent when it has problems. */
interface Parsed {
  line: number;
  problems: ImportProblem[];
  row?: Row;
  /** Of the row's cells as read (rowFingerprint). */
  fingerprint: number;
}

/** What the first reading learnt of the valid rows: each one's fingerprint, by line (an array of numbers: 8 bytes a row), and how many. */
interface CheckedRows {
  /** The header's: it says which item each column is. */
  header: number;
  fingerprints: number[];
  rows: number;
}

/**
 * A 53-bit hash of a row's cells (cyrb53): the second reading knows by it that a row is the one
 * the first reading checked, without checking it again. A file changed between the readings is
 * refused rather than stored unchecked.
 */
export function rowFingerprint(cells: readonly string[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const cell of cells) {
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    // A separator, so that ["ab", "c"] and ["a", "bc"] differ.
    h1 = Math.imul(h1 ^ 0x1f, 2654435761);
    h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A file whose rows are not those its first reading checked: nothing more of it is stored. */
export class ImportFileChanged extends Error {
  constructor(what: string) {
    super(`the file changed while it was being imported (${what}); nothing more was stored: import it again`);
  }
}

/**
 * Reads the rows. The first reading (no `checked`) converts and checks each; the second
 * converts the rows the first found valid (`checked`) without checking them again, and refuses
 * a row that is not the one the first reading saw.
 */
async function* readRows(options: ImportOptions, onHeader: (header: string[]) => void, headerProblems: ImportProblem[], checked?: CheckedRows): AsyncGenerator<Parsed> {
  const form = options.form.form;
  const parser = options.open().pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  let columns: (CompiledItem | "owner" | undefined)[] | undefined;
  let header: string[] = [];
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        header = record.map((h) => h.trim());
        if (checked && rowFingerprint(header) !== checked.header) throw new ImportFileChanged("its header row is not the one that was checked");
        columns = mapHeader(header, form.items, headerProblems);
        onHeader(header);
        continue;
      }
      const line = info.lines;
      lastLine = line;
      const fingerprint = rowFingerprint(record);
      const known = checked?.fingerprints[line];
      if (checked && known === undefined) {
        yield { line, problems: [], fingerprint };
        continue;
      }
      if (known !== undefined && known !== fingerprint) throw new ImportFileChanged(`row ${line} is not the row that was checked`);
      const problems: ImportProblem[] = [];
      const data: RecordData = {};
      let ownerOrg = "";
      record.forEach((cell, i) => {
        const target = columns![i];
        const value = cell.trim();
        if (!target || value === "") {
          if (target === "owner") ownerOrg = "";
          return;
        }
        if (target === "owner") {
          ownerOrg = value.toUpperCase();
          return;
        }
        const converted = convert(target, value, form.choiceLists[target.choices ?? ""]?.choices ?? []);
        if ("error" in converted) problems.push({ row: line, column: header[i]!, message: converted.error });
        else data[target.key] = converted.value;
      });
      if (known !== undefined) {
        yield { line, problems, fingerprint, row: { line, ownerOrg, data, key: importKey(form, ownerOrg, data) } };
        continue;
      }
      if (record.length > header.length) problems.push({ row: line, column: `column ${header.length + 1}`, message: `has ${record.length} cells but the header has ${header.length}` });
      const owner = options.reference.find(ownerOrg, { type: "ccg" });
      if (!ownerOrg) problems.push({ row: line, column: OWNER_COLUMN, message: "Enter the CCG code" });
      else if (!owner) problems.push({ row: line, column: OWNER_COLUMN, message: `"${ownerOrg}" is not a CCG in the April 2021 organisation data` });
      if (!problems.some((p) => p.column !== OWNER_COLUMN)) {
        const result = options.form.validate(data, { today: options.today });
        for (const e of result.errors) {
          const key = e.path.slice(1).split("/")[0]!;
          problems.push({ row: line, column: form.items.find((i) => i.key === key)?.label ?? key, message: e.message });
        }
      }
      yield problems.length ? { line, problems, fingerprint } : { line, problems, fingerprint, row: { line, ownerOrg, data, key: importKey(form, ownerOrg, data) } };
    }
  } catch (error) {
    // A file that stops being CSV part way (an unclosed quote, a stray quote): a problem of the
    // file at the line where reading stopped, so nothing of it is stored.
    if (!(error instanceof CsvError)) throw error;
    const at = typeof error.lines === "number" ? error.lines : lastLine + 1;
    headerProblems.push({ row: at, column: UNREADABLE_COLUMN, message: `the file is not readable as CSV from here (${csvReason(error.code)}); fix the file and import it again` });
  }
}

/**
 * What makes two rows the same case: the owner and the answers to the items the version marks
 * `unique` (as the definition compares them), or, for a version that marks none, the owner and
 * every answer, so that importing a file again adds nothing and two different rows are never
 * merged. The display title of a record plays no part.
 */
export function importKey(form: CompiledForm, ownerOrg: string, data: RecordData): string {
  const unique = form.items.filter((i) => i.unique && typeof data[i.key] === "string");
  if (unique.length) return [ownerOrg, ...unique.map((i) => `${i.key}=${i.unique!.ignoreCase ? String(data[i.key]).toLowerCase() : String(data[i.key])}`)].join("|");
  const answers = Object.keys(data).sort().map((k) => [k, data[k]]);
  return `${ownerOrg}|${createHash("sha256").update(JSON.stringify(answers)).digest("hex")}`;
}

/** Header cells → items, by label (any case, any surrounding spaces), plus the owner column. */
function mapHeader(header: string[], items: CompiledItem[], problems: ImportProblem[]): (CompiledItem | "owner" | undefined)[] {
  const byLabel = new Map(items.map((i) => [normalise(i.label), i]));
  const mapped = header.map((h, i) => {
    if (normalise(h) === normalise(OWNER_COLUMN)) return "owner" as const;
    const item = byLabel.get(normalise(h)) ?? items.find((it) => it.key === h.trim());
    if (!item) problems.push({ row: 1, column: h || `column ${i + 1}`, message: `"${h}" is not a label of this version's items, nor "${OWNER_COLUMN}"` });
    return item;
  });
  if (!mapped.includes("owner")) problems.push({ row: 1, column: OWNER_COLUMN, message: `the file has no "${OWNER_COLUMN}" column` });
  for (const item of items.filter((i) => i.required)) {
    if (!mapped.includes(item)) problems.push({ row: 1, column: item.label, message: `the file has no column for the required item "${item.label}"` });
  }
  return mapped;
}

function normalise(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, " ");
}

type Converted = { value: unknown } | { error: string };

function convert(item: CompiledItem, value: string, choices: { code: string; label: string }[]): Converted {
  switch (item.type) {
    case "date":
      return convertDate(value);
    case "single_choice":
      return convertCode(value, choices);
    case "multiple_choice": {
      const codes: string[] = [];
      for (const part of value.split(";").map((p) => p.trim()).filter(Boolean)) {
        const one = convertCode(part, choices);
        if ("error" in one) return one;
        codes.push(one.value as string);
      }
      return { value: codes };
    }
    default:
      return { value };
  }
}

function convertCode(value: string, choices: { code: string; label: string }[]): Converted {
  const wanted = value.toLowerCase();
  const choice = choices.find((c) => c.code.toLowerCase() === wanted || c.label.toLowerCase() === wanted);
  return choice ? { value: choice.code } : { error: `"${value}" is not one of: ${choices.map((c) => c.label).join("; ")}` };
}

/** ISO (2021-04-03) or UK (03/04/2021, 3/4/2021); anything else, two-digit years included, is an error. */
export function convertDate(value: string): Converted {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isIsoDate(value) ? { value } : { error: `"${value}" is not a real date` };
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (uk) {
    const iso = `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}`;
    return isIsoDate(iso) ? { value: iso } : { error: `"${value}" is not a real date (day/month/year)` };
  }
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(value)) return { error: `"${value}" has a two-digit year; write the year in full, like 03/04/2021` };
  return { error: `"${value}" is not a date like 03/04/2021 or 2021-04-03` };
}
