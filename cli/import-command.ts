import { createReadStream, existsSync } from "node:fs";
import { todayInLondon } from "../engine/index.ts";
import { ImportFileChanged, importLegacy, importMigration, type ImportReport } from "../ops/index.ts";
import { openDataContext } from "./data-context.ts";
import { describeMigration } from "./migrate-command.ts";
import { CommandRefused, countProgress, UsageError, type Output } from "./output.ts";

/** `import <collection> --version V file.csv [--to V2] [--valid-only] [--dry-run] [--json]`: exit 0 stored, 1 problems, 2 unusable input. */
export async function runImport(args: string[], opts: { version?: string; to?: string; validOnly?: boolean; dryRun?: boolean; json?: boolean }, out: Output): Promise<number> {
  const [collection, file] = args;
  if (!collection || !file) throw new UsageError("import needs <collection> --version V <file.csv>");
  if (!opts.version) throw new UsageError("import needs --version (the version the file was written under, e.g. 1.0)");
  if (!existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`, false);
  const context = await openDataContext(collection, "import");
  try {
    const form = context.registry.get(collection, opts.version);
    if (!form) throw new UsageError(`unknown version "${opts.version}" of ${collection}`, false);
    const migrateTo = opts.to === undefined ? undefined : importMigration(context.registry, context.reference, collection, opts.version, opts.to);
    if (migrateTo && "problem" in migrateTo) throw new UsageError(migrateTo.message, false);
    const progress = countProgress("import", "rows stored", out);
    const report = await importLegacy({
      store: context.store,
      form,
      reference: context.reference,
      open: () => createReadStream(file),
      today: todayInLondon(),
      userId: context.user.id,
      validOnly: Boolean(opts.validOnly),
      dryRun: Boolean(opts.dryRun),
      ...(migrateTo ? { migrateTo } : {}),
      onChecked: progress.total,
      afterChunk: progress.done,
    }).catch((error: unknown) => {
      throw error instanceof ImportFileChanged ? new CommandRefused(error.message) : error;
    });
    out.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describe(file, report, opts) + (report.migration ? describeMigration(report.migration) : ""));
    return report.problems.length ? 1 : 0;
  } finally {
    await context.close();
  }
}

function describe(file: string, r: ImportReport, opts: { validOnly?: boolean; dryRun?: boolean }): string {
  const lines = [`${file}: ${r.rows} rows, ${r.validRows} valid, ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}.`];
  for (const p of r.problems) lines.push(`  row ${p.row}, ${p.column}: ${p.message}`);
  if (opts.dryRun) lines.push("Dry run: nothing stored.");
  else if (!r.stored) lines.push("Nothing stored: fix the rows above, or use --valid-only to store the valid rows.");
  else lines.push(`Stored ${r.imported} new case${r.imported === 1 ? "" : "s"}; ${r.alreadyImported} already imported.`);
  return `${lines.join("\n")}\n`;
}
