import { todayInLondon } from "../engine/index.ts";
import { checkData, type DataCheckReport } from "../ops/index.ts";
import { openDataContext } from "./data-context.ts";
import { countProgress, UsageError, type Output } from "./output.ts";

/** `check-data <collection> [--version V] [--json]`: exit 0 all pass, 1 some fail. */
export async function runCheckData(args: string[], opts: { version?: string; json?: boolean }, out: Output): Promise<number> {
  const [collection] = args;
  if (!collection) throw new UsageError("check-data needs <collection>");
  const context = await openDataContext(collection, "check-data");
  try {
    const published = context.registry.published(collection);
    if (!published) throw new UsageError(`${collection} has no published version`, false);
    const rules = opts.version ? context.registry.get(collection, opts.version) : published;
    if (!rules) throw new UsageError(`unknown version "${opts.version}" of ${collection}`, false);
    const progress = countProgress(`check-data ${collection}`, "records checked", out);
    const report = await checkData({ store: context.store, rules, recordsVersion: published.form.version, today: todayInLondon(), afterBatch: progress.done });
    out.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
    return report.failing ? 1 : 0;
  } finally {
    await context.close();
  }
}

function describe(r: DataCheckReport): string {
  const l = [`${r.collection}: ${r.checked} record${r.checked === 1 ? "" : "s"} of version ${r.records} checked against the rules of ${r.rules}: ${r.failing} fail.`];
  for (const [item, entry] of Object.entries(r.byItem).sort((a, b) => b[1].records - a[1].records)) {
    l.push(`  ${item}: ${entry.records}`);
    for (const [message, n] of Object.entries(entry.messages)) l.push(`    ${n} × ${message}`);
  }
  for (const f of r.failures.slice(0, 50)) l.push(`  ${f.identifier} (${f.ownerOrg}): ${f.errors.map((e) => e.message).join("; ")}`);
  if (r.failures.length > 50) l.push(`  … and ${r.failures.length - 50} more (use --json for all)`);
  return `${l.join("\n")}\n`;
}
