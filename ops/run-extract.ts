/**
 * One extract, start to finish: rows streamed as CSV to a destination, then recorded in the
 * extract log (who, when, scope, as-at, format, rows, checksum). Shared by `scrt extract` and
 * the API's download.
 */
import type { Writable } from "node:stream";
import type { ExtractLogEntry } from "../storage/index.ts";
import { writeCsv } from "./extract-csv.ts";
import { extractColumns, extractForm, extractRows, type ExtractSource } from "./extract.ts";

export interface ExtractRun extends ExtractSource {
  userId: string;
  quarter: string | null;
  /** How the scope is recorded: "all", a region code or an organisation code. */
  scope: string;
  out: Writable;
}

export async function runExtract(run: ExtractRun): Promise<ExtractLogEntry> {
  const form = extractForm(run.registry, run.collection);
  if (!form) throw new Error(`${run.collection} has no published version`);
  const header = extractColumns(form).map((c) => c.key);
  const written = await writeCsv(header, extractRows(run), run.out);
  return run.store.logExtract({ userId: run.userId, collection: run.collection, asAt: run.asAt, quarter: run.quarter, format: "csv", scope: run.scope, rows: written.rows, sha256: written.sha256 });
}
