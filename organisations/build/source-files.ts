/**
 * Where the sources are and reading them. The sources are verbatim public files, so the
 * reader tolerates their byte-order marks and line ends, and the build stops at the first
 * inconsistency, naming file and line, rather than guessing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

export const ORGANISATIONS_DIR = fileURLToPath(new URL("../../forms/reference/organisations/", import.meta.url));
export const SOURCES_DIR = join(ORGANISATIONS_DIR, "sources");

export const SOURCE_FILES = {
  ccg2021: "ons_ccg21_stp21_nhser21_lookup_april2021.csv",
  sicbl2022: "ons_sicbl22_icb22_nhser22_lookup_july2022.csv",
  icbSuccessions2026: "icb_successions_2026-04-01_ods.csv",
  sicblSplits2026: "sicbl_splits_2026-04-01.csv",
  icbs2026: "icb_2026_36_icbs_from_2026-04-01.csv",
} as const;

export interface SourceRow {
  readonly line: number;
  /** The trimmed value; an empty one is an error. */
  get(column: string): string;
  /** The trimmed value, "" if empty. */
  opt(column: string): string;
}

export class SourceError extends Error {
  constructor(file: string, line: number | null, detail: string) {
    super(line === null ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = "SourceError";
  }
}

export function readSource(dir: string, file: string, required: readonly string[]): SourceRow[] {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
  const records = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as { info: { lines: number }; record: string[] }[];
  const [header, ...rows] = records;
  if (!header) throw new SourceError(file, null, "empty file");
  const names = header.record.map((h) => h.trim());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) throw new SourceError(file, 1, `missing column(s) ${missing.join(", ")}`);
  return rows.map(({ info, record }) => {
    const line = info.lines - record.reduce((n, v) => n + v.split("\n").length - 1, 0);
    const opt = (column: string): string => (record[names.indexOf(column)] ?? "").trim();
    return {
      line,
      opt,
      get(column: string): string {
        const v = opt(column);
        if (v === "") throw new SourceError(file, line, `empty ${column}`);
        return v;
      },
    };
  });
}

/**
 * Record `value` under `code`, or check it equals what an earlier row said: a lookup repeats
 * each STP, ICB and region on every row of its members, and the repeats must agree.
 */
export function sameEveryTime<T extends { line: number }>(map: Map<string, T>, code: string, value: T, file: string, line: number, what: string): void {
  const prev = map.get(code);
  if (!prev) {
    map.set(code, value);
    return;
  }
  for (const k of Object.keys(value) as (keyof T)[]) {
    if (k === "line") continue;
    if (prev[k] !== value[k]) {
      throw new SourceError(file, line, `${what} ${code} has ${String(k)} ${JSON.stringify(value[k])} here but ${JSON.stringify(prev[k])} on line ${prev.line}`);
    }
  }
}
