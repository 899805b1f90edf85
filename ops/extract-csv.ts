/**
 * Extracts as CSV: RFC 4180 (csv-stringify), UTF-8 with a byte-order mark so that Excel reads it
 * as UTF-8, CRLF line ends, and every cell that a spreadsheet would run as a formula (starting
 * with =, +, -, @, a tab or a carriage return) neutralised with a leading apostrophe. Written a
 * row at a time, waiting when the destination is full, with a SHA-256 of exactly what was written.
 */
import { stringify } from "csv-stringify/sync";
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function csvLine(cells: readonly string[]): string {
  return stringify([cells.map(neutralise)], { record_delimiter: "windows" });
}

export interface CsvWritten {
  rows: number;
  sha256: string;
}

/** Writes the header and every row to `out` (not ending it); counts the rows and hashes the bytes. */
export async function writeCsv(header: readonly string[], rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>, out: Writable): Promise<CsvWritten> {
  const hash = createHash("sha256");
  let count = 0;
  const write = async (text: string) => {
    hash.update(text);
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`\uFEFF${csvLine(header)}`);
  for await (const row of rows) {
    await write(csvLine(row));
    count++;
  }
  return { rows: count, sha256: hash.digest("hex") };
}
