import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";
import { todayInLondon } from "../engine/index.ts";
import { DICTIONARY_HEADER, dictionaryRows, extractForm, resolveAsAt, runExtract, writeCsv } from "../ops/index.ts";
import { openDataContext } from "./data-context.ts";
import { UsageError, type Output } from "./output.ts";

/** `extract <collection> (--quarter Q | --as-at D) [--format csv|xlsx] [--out FILE] [--dictionary FILE]`: every record, all owners. */
export async function runExtractCommand(
  args: string[],
  opts: { quarter?: string; asAt?: string; format?: string; out?: string; dictionary?: string },
  out: Output,
  stdout: Writable,
): Promise<number> {
  const [collection] = args;
  if (!collection) throw new UsageError("extract needs <collection> and --quarter 2026-27-Q2 or --as-at 2026-09-30");
  const format = opts.format ?? "csv";
  if (format !== "csv" && format !== "xlsx") throw new UsageError(`--format must be csv or xlsx, not "${format}"`, false);
  if (format === "xlsx" && !opts.out) throw new UsageError("an xlsx extract needs --out FILE", false);
  const asAt = resolveAsAt({ quarter: opts.quarter, asAt: opts.asAt }, todayInLondon());
  if ("error" in asAt) throw new UsageError(asAt.error, false);
  const context = await openDataContext(collection, "extract");
  try {
    const form = extractForm(context.registry, collection);
    if (!form) throw new UsageError(`${collection} has no published version to extract in`, false);
    if (opts.dictionary) {
      const file = createWriteStream(opts.dictionary);
      await writeCsv(DICTIONARY_HEADER, dictionaryRows(form), file);
      file.end();
      await finished(file);
    }
    const file = opts.out ? createWriteStream(opts.out) : undefined;
    const entry = await runExtract({
      store: context.store,
      registry: context.registry,
      reference: context.reference,
      collection,
      asAt: asAt.asAt,
      quarter: asAt.quarter?.id ?? null,
      owners: "all",
      scope: "all",
      userId: context.user.id,
      generatedBy: `${context.user.displayName} (scrt extract)`,
      format,
      out: file ?? stdout,
    });
    if (file) {
      file.end();
      await finished(file);
    }
    out.stderr(`${collection}: ${entry.rows} record${entry.rows === 1 ? "" : "s"} as at the end of ${asAt.asAt}${asAt.quarter ? ` (${asAt.quarter.id})` : ""}${opts.out ? ` written to ${opts.out}` : ""}; SHA-256 ${entry.sha256}.\n`);
    return 0;
  } finally {
    await context.close();
  }
}
