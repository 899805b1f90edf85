/**
 * The layout of the three reference files and reading them row by row, each row with the line
 * it starts on, so that every problem can be reported as "<file> line <n>: ...".
 */
import { parse } from "csv-parse/sync";
import { isIsoDate } from "./dates.ts";
import { ORGANISATION_TYPES, ReferenceDataError, type OrganisationType } from "./types.ts";

export const ORGANISATION_COLUMNS = ["code", "type", "name", "open_date", "close_date", "ons_code"] as const;
export const MEMBERSHIP_COLUMNS = ["child_code", "child_type", "parent_code", "parent_type", "from_date", "to_date"] as const;
export const SUCCESSION_COLUMNS = [
  "predecessor_code",
  "predecessor_type",
  "successor_code",
  "successor_type",
  "effective_date",
  "kind",
  "via_sub_icb_location",
  "note",
] as const;

export const FILE_NAMES = {
  organisations: "organisations.csv",
  memberships: "memberships.csv",
  successions: "successions.csv",
} as const;

export interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export function readCsv(text: string, file: string, columns: readonly string[]): CsvRow[] {
  // csv-parse counts lines correctly only with LF line ends; CR LF inside quoted values becomes LF.
  const normalised = text.replace(/\r\n?/g, "\n");
  let parsed: { info: { lines: number }; record: string[] }[];
  try {
    parsed = parse(normalised, { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new ReferenceDataError(file, typeof err.lines === "number" ? err.lines : null, `not valid CSV: ${err.message ?? String(e)}`);
  }
  const [header, ...records] = parsed;
  if (!header) throw new ReferenceDataError(file, null, "file is empty (expected a header row)");
  const names = header.record.map((h) => h.trim());
  checkHeader(names, columns, file, header.info.lines);
  return records.map(({ info, record }) => {
    const newlinesInside = record.reduce((n, v) => n + (v.split("\n").length - 1), 0);
    const values: Record<string, string> = {};
    names.forEach((n, i) => (values[n] = record[i] ?? ""));
    return { line: info.lines - newlinesInside, values };
  });
}

function checkHeader(names: readonly string[], columns: readonly string[], file: string, line: number): void {
  const missing = columns.filter((c) => !names.includes(c));
  const unexpected = names.filter((n) => !columns.includes(n));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (missing.length || unexpected.length || dup !== undefined) {
    const parts = [
      missing.length ? `missing column(s) ${missing.join(", ")}` : "",
      unexpected.length ? `unexpected column(s) ${unexpected.join(", ")}` : "",
      dup !== undefined ? `duplicate column ${dup}` : "",
    ].filter(Boolean);
    throw new ReferenceDataError(file, line, `bad header: ${parts.join("; ")} (expected ${columns.join(",")})`);
  }
}

export function field(row: CsvRow, name: string): string {
  return (row.values[name] ?? "").trim();
}

const CODE_RE = /^[A-Z0-9]+$/;
export const ONS_RE = /^[A-Z][0-9]{8}$/;

export function parseType(row: CsvRow, column: string, file: string): OrganisationType {
  const v = field(row, column);
  if (!(ORGANISATION_TYPES as readonly string[]).includes(v)) {
    throw new ReferenceDataError(file, row.line, `${column} ${JSON.stringify(v)} is not one of ${ORGANISATION_TYPES.join(", ")}`);
  }
  return v as OrganisationType;
}

export function parseCode(row: CsvRow, column: string, file: string, optional = false): string | null {
  const v = field(row, column);
  if (v === "" && optional) return null;
  if (!CODE_RE.test(v)) throw new ReferenceDataError(file, row.line, `${column} ${JSON.stringify(v)} is not an ODS code (upper-case letters and digits)`);
  return v;
}

export function parseDate(row: CsvRow, column: string, file: string, optional: boolean): string | null {
  const v = field(row, column);
  if (v === "" && optional) return null;
  if (!isIsoDate(v)) throw new ReferenceDataError(file, row.line, `${column} ${JSON.stringify(v)} is not a valid date YYYY-MM-DD`);
  return v;
}
