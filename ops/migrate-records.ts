/**
 * Runs a compiled migration over stored records: a dry run reports what would happen; a real
 * run applies it a batch at a time, each batch one short transaction (a tracker serving the same
 * file meanwhile waits for one batch at most), giving each record a new revision under the
 * target version (its earlier revisions stay in its history). Records already migrated are not
 * touched again, so a second run changes nothing and a run stopped part way is finished by
 * running it again.
 */
import { applyMigration, type CompiledMigration, type OwnerResolver, type RegisteredForm } from "../engine/index.ts";
import type { Store, StoredRecord } from "../storage/index.ts";
import { recordUpdate, writeFlaggingDuplicate } from "./record-writes.ts";
import { forEachRecord } from "./scan.ts";

export interface PendingOwner {
  recordId: string;
  identifier: string;
  owner: string;
  candidates: string[];
  reason: string;
}

export interface MigrationReport {
  collection: string;
  from: string;
  to: string;
  date: string;
  dryRun: boolean;
  /** Records of the source version found (each is migrated, or would be). */
  records: number;
  complete: number;
  incomplete: number;
  /** Item → how many migrated records miss it or fail its rules. */
  missing: Record<string, number>;
  flagged: { recordId: string; identifier: string; reasons: string[] }[];
  /** Item → how many records had it carried into their archive. */
  archived: Record<string, number>;
  /** One row per distinct change of owner, with how many records made it. */
  ownerChanges: { from: string; to: string; rule: string; records: number }[];
  pendingOwners: PendingOwner[];
}

export interface MigrateOptions {
  store: Store;
  target: RegisteredForm;
  migration: CompiledMigration;
  resolveOwner: OwnerResolver;
  date: string;
  dryRun: boolean;
  userId: string;
  batchSize?: number;
  /** Called after each batch with how many records are done so far (progress). */
  afterBatch?: (done: number) => Promise<void>;
}

export async function migrateRecords(options: MigrateOptions): Promise<MigrationReport> {
  const { store, target, migration, date } = options;
  const report: MigrationReport = {
    collection: migration.collection,
    from: migration.from,
    to: migration.to,
    date,
    dryRun: options.dryRun,
    records: 0,
    complete: 0,
    incomplete: 0,
    missing: {},
    flagged: [],
    archived: {},
    ownerChanges: [],
    pendingOwners: [],
  };
  const changes = new Map<string, MigrationReport["ownerChanges"][number]>();
  const titleItem = target.form.collection.recordTitle;

  const migrateOne = async (record: StoredRecord) => {
    const outcome = applyMigration(migration, { data: record.data, ownerOrg: record.ownerOrg }, { date, resolveOwner: options.resolveOwner });
    const identifier = String((titleItem && (outcome.data[titleItem] ?? record.data[titleItem])) ?? record.id);
    const owner = outcome.owner;
    const newOwner = owner && owner.kind !== "pending" ? owner.code : record.ownerOrg;
    const flags = [...record.reviewFlags, ...outcome.flags];
    if (owner?.kind === "pending") {
      report.pendingOwners.push({ recordId: record.id, identifier, owner: record.ownerOrg, candidates: owner.candidates, reason: owner.reason });
    } else if (owner && newOwner !== record.ownerOrg) {
      const key = `${record.ownerOrg}→${newOwner}`;
      const row = changes.get(key) ?? { from: record.ownerOrg, to: newOwner, rule: owner.rule, records: 0 };
      row.records++;
      changes.set(key, row);
    }
    for (const item of Object.keys(outcome.archive)) report.archived[item] = (report.archived[item] ?? 0) + 1;

    // Every error: each one's item is stored as missing.
    const result = target.validate(outcome.data, { today: date, maxErrors: Infinity });
    const missing = [...new Set(result.errors.map((e) => e.path))];
    if (missing.length) {
      report.incomplete++;
      for (const path of missing) {
        const item = path.slice(1).split("/")[0]!;
        report.missing[item] = (report.missing[item] ?? 0) + 1;
      }
    } else report.complete++;

    if (!options.dryRun) {
      const update = recordUpdate(record, target.form, options.userId, {
        version: migration.to,
        ownerOrg: newOwner,
        data: outcome.data,
        archive: { ...record.archive, ...outcome.archive },
        reviewFlags: flags,
        ownerPending: owner?.kind === "pending" ? { candidates: owner.candidates, reason: owner.reason } : null,
        complete: missing.length === 0,
        missing,
        reason: `migration ${migration.from} to ${migration.to}`,
      });
      const { written, flag } = await writeFlaggingDuplicate(store, update, newOwner);
      if (flag) flags.push(flag);
      if (written.kind !== "ok") throw new Error(`record ${record.id} could not be migrated (${written.kind})`);
    }
    if (flags.length > record.reviewFlags.length) report.flagged.push({ recordId: record.id, identifier, reasons: flags.slice(record.reviewFlags.length) });
    report.records++;
  };

  await forEachRecord(store, { collection: migration.collection, version: migration.from, transactionPerBatch: !options.dryRun, ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...(options.afterBatch ? { afterBatch: () => options.afterBatch!(report.records) } : {}) }, migrateOne);
  report.ownerChanges = [...changes.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return report;
}
