/**
 * One extract, start to finish: rows streamed as CSV or XLSX to a destination, then recorded
 * in the extract log (who, when, scope, as-at, format, rows, checksum). Shared by
 * `scrt extract` and the API's download.
 */
import type { Writable } from "node:stream";
import type { ExtractLogEntry } from "../storage/index.ts";
import { writeCsv } from "./extract-csv.ts";
import { writeXlsx } from "./extract-xlsx.ts";
import { extractColumns, extractForm, extractRows, type ExtractSource } from "./extract.ts";

export const EXTRACT_FORMATS = ["csv", "xlsx"] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

export interface ExtractRun extends ExtractSource {
  userId: string;
  /** Who, as the XLSX's about sheet names them. */
  generatedBy: string;
  quarter: string | null;
  /** How the scope is recorded: "all", a region code or an organisation code. */
  scope: string;
  format: ExtractFormat;
  out: Writable;
}

export async function runExtract(run: ExtractRun): Promise<ExtractLogEntry> {
  const form = extractForm(run.registry, run.collection);
  if (!form) throw new Error(`${run.collection} has no published version`);
  const written =
    run.format === "xlsx"
      ? await writeXlsx(run, { generatedBy: run.generatedBy, scope: run.scope, quarter: run.quarter }, run.out)
      : await writeCsv(extractColumns(form).map((c) => c.key), cellsOf(extractRows(run)), run.out);
  return run.store.logExtract({ userId: run.userId, collection: run.collection, asAt: run.asAt, quarter: run.quarter, format: run.format, scope: run.scope, rows: written.rows, sha256: written.sha256 });
}

async function* cellsOf(rows: AsyncIterable<{ cells: string[] }>): AsyncGenerator<string[]> {
  for await (const row of rows) yield row.cells;
}
