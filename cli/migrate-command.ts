import { isIsoDate, todayInLondon } from "../engine/index.ts";
import { ownerResolverFrom } from "../organisations/index.ts";
import { migrateRecords, type MigrationReport } from "../ops/index.ts";
import { moveClosedOwners, type OwnerMoveReport } from "../ops/index.ts";
import { openDataContext } from "./data-context.ts";
import { countProgress, UsageError, type Output } from "./output.ts";

/** `migrate <collection> --to V | --owners [--dry-run] [--date D] [--json]`. */
export async function runMigrate(args: string[], opts: { to?: string; owners?: boolean; dryRun?: boolean; date?: string; json?: boolean }, out: Output): Promise<number> {
  const [collection] = args;
  if (!collection || (!opts.to && !opts.owners)) throw new UsageError("migrate needs <collection> and either --to <version> or --owners");
  const date = opts.date ?? todayInLondon();
  if (!isIsoDate(date)) throw new UsageError(`--date must be a date like 2026-11-21, not "${date}"`);
  const context = await openDataContext(collection, opts.owners ? "migrate --owners" : "migrate");
  try {
    if (opts.owners) {
      const form = context.registry.published(collection);
      if (!form) throw new UsageError(`${collection} has no published version`, false);
      const report = await moveClosedOwners({ store: context.store, form, reference: context.reference, resolveOwner: ownerResolverFrom(context.reference), date, dryRun: Boolean(opts.dryRun), userId: context.user.id });
      out.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describeOwners(report));
      return 0;
    }
    if (!opts.to) throw new UsageError("migrate needs --to <version>");
    const target = context.registry.get(collection, opts.to);
    if (!target) throw new UsageError(`unknown version "${opts.to}" of ${collection}`, false);
    const migrations = context.registry.migrations(collection).filter((m) => m.to === opts.to);
    if (!migrations.length) throw new UsageError(`no migration to ${opts.to} in ${collection}/migrations`, false);
    const reports: MigrationReport[] = [];
    for (const migration of migrations) {
      const progress = countProgress(`migrate ${migration.from} to ${migration.to}`, "records", out);
      reports.push(await migrateRecords({ store: context.store, target, migration, resolveOwner: ownerResolverFrom(context.reference), date, dryRun: Boolean(opts.dryRun), userId: context.user.id, afterBatch: progress.done }));
    }
    out.stdout(opts.json ? `${JSON.stringify(reports, null, 2)}\n` : reports.map(describeMigration).join("\n"));
    return 0;
  } finally {
    await context.close();
  }
}

function describeOwners(r: OwnerMoveReport): string {
  const l = [`${r.collection}: owners closed on ${r.date}${r.dryRun ? " (dry run: nothing changed)" : ""}; ${r.checked} records checked.`];
  if (!r.ownerChanges.length && !r.pendingOwners.length) l.push("  Every record's owner is open.");
  for (const c of r.ownerChanges) l.push(`  ${c.from} → ${c.to}: ${c.records} record${c.records === 1 ? "" : "s"} (${c.rule})`);
  for (const p of r.pendingOwners) l.push(`  ${p.identifier} (${p.owner}): awaiting a person, among ${p.candidates.join(", ")}`);
  for (const f of r.flagged) l.push(`  ${f.identifier}: ${f.reasons.join(" ")}`);
  return `${l.join("\n")}\n`;
}

/** A migration's report as the CLI prints it (also after an import that migrates). */
export function describeMigration(r: MigrationReport): string {
  const l: string[] = [];
  l.push(`${r.collection} ${r.from} → ${r.to} on ${r.date}${r.dryRun ? " (dry run: nothing changed)" : ""}`);
  l.push(`  ${r.records} record${r.records === 1 ? "" : "s"} ${r.dryRun ? "would move" : "moved"}: ${r.complete} complete, ${r.incomplete} incomplete.`);
  for (const [item, n] of Object.entries(r.missing).sort()) l.push(`    ${n} incomplete for ${item}`);
  if (Object.keys(r.archived).length) l.push(`  Archived with the record (no ${r.to} item): ${Object.entries(r.archived).map(([k, n]) => `${k} (${n})`).join(", ")}`);
  if (r.ownerChanges.length) {
    l.push("  Owner changes:");
    for (const c of r.ownerChanges) l.push(`    ${c.from} → ${c.to}: ${c.records} record${c.records === 1 ? "" : "s"} (${c.rule})`);
  }
  if (r.pendingOwners.length) {
    l.push(`  Owners awaiting a person (${r.pendingOwners.length}):`);
    for (const p of r.pendingOwners) l.push(`    ${p.identifier} (${p.owner}): choose among ${p.candidates.join(", ")}`);
  }
  if (r.flagged.length) {
    l.push(`  Flagged for review (${r.flagged.length}):`);
    for (const f of r.flagged.slice(0, 50)) l.push(`    ${f.identifier}: ${f.reasons.join(" ")}`);
    if (r.flagged.length > 50) l.push(`    … and ${r.flagged.length - 50} more (use --json for all)`);
  }
  return `${l.join("\n")}\n`;
}
