/**
 * Runs a compiled migration over stored records: a dry run reports what would happen; a real
 * run applies it a batch at a time, each batch one short transaction (a tracker serving the same
 * file meanwhile waits for one batch at most), giving each record a new revision under the
 * target version (its earlier revisions stay in its history). Records already migrated are not
 * touched again, so a second run changes nothing and a run stopped part way is finished by
 * running it again.
 */
import { applyMigration, type CompiledMigration, type OwnerResolver, type RecordData, type RegisteredForm } from "../engine/index.ts";
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
  const { store, target, migration } = options;
  const run = new MigrationRun(options);
  const migrateOne = async (record: StoredRecord) => {
    const migrated = run.migrate(record);
    let flags = migrated.record.reviewFlags;
    if (!options.dryRun) {
      const update = recordUpdate(record, target.form, options.userId, migrated.record);
      const { written, flag } = await writeFlaggingDuplicate(store, update, migrated.record.ownerOrg);
      if (flag) flags = [...flags, flag];
      if (written.kind !== "ok") throw new Error(`record ${record.id} could not be migrated (${written.kind})`);
    }
    run.count(record.id, record, migrated, flags);
  };
  await forEachRecord(store, { collection: migration.collection, version: migration.from, transactionPerBatch: !options.dryRun, ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...(options.afterBatch ? { afterBatch: () => options.afterBatch!(run.records) } : {}) }, migrateOne);
  return run.result();
}

/** A record as a migration reads it: its answers, owner and what it already carries. */
export interface MigrationInput {
  data: RecordData;
  ownerOrg: string;
  archive: RecordData;
  reviewFlags: string[];
}

/** What a migration makes of one record, ready to store. */
export interface MigratedRecord {
  version: string;
  ownerOrg: string;
  data: RecordData;
  archive: RecordData;
  reviewFlags: string[];
  ownerPending: { candidates: string[]; reason: string } | null;
  complete: boolean;
  missing: string[];
  reason: string;
}

/** A record's migration, with what the report says of it. */
export interface Migrated {
  record: MigratedRecord;
  /** How the owner was found, when the migration says. */
  ownerRule: string | undefined;
  /** Items carried into the archive by this migration. */
  archived: string[];
}

/**
 * One run of a migration: what it makes of each record (`migrate`), and the report of the run
 * (`count`, once the record is stored or would be). The one place a migration's outcome is
 * judged, whether the record is stored already (migrateRecords) or being imported (an import
 * that migrates as it stores, import-legacy.ts).
 */
export class MigrationRun {
  private readonly report: MigrationReport;
  private readonly changes = new Map<string, MigrationReport["ownerChanges"][number]>();

  constructor(private readonly options: Pick<MigrateOptions, "target" | "migration" | "resolveOwner" | "date" | "dryRun">) {
    const { migration } = options;
    this.report = {
      collection: migration.collection,
      from: migration.from,
      to: migration.to,
      date: options.date,
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
  }

  migrate(record: MigrationInput): Migrated {
    const { migration, date } = this.options;
    const outcome = applyMigration(migration, { data: record.data, ownerOrg: record.ownerOrg }, { date, resolveOwner: this.options.resolveOwner });
    const owner = outcome.owner;
    // Every error: each one's item is stored as missing.
    const result = this.options.target.validate(outcome.data, { today: date, maxErrors: Infinity });
    const missing = [...new Set(result.errors.map((e) => e.path))];
    const migrated: MigratedRecord = {
      version: migration.to,
      ownerOrg: owner && owner.kind !== "pending" ? owner.code : record.ownerOrg,
      data: outcome.data,
      archive: { ...record.archive, ...outcome.archive },
      reviewFlags: [...record.reviewFlags, ...outcome.flags],
      ownerPending: owner?.kind === "pending" ? { candidates: owner.candidates, reason: owner.reason } : null,
      complete: missing.length === 0,
      missing,
      reason: `migration ${migration.from} to ${migration.to}`,
    };
    return { record: migrated, ownerRule: owner && owner.kind !== "pending" ? owner.rule : undefined, archived: Object.keys(outcome.archive) };
  }

  /**
   * Adds a record to the report, once it is stored (or would be). `flags`: its flags as stored,
   * when the store added one (a duplicate identifier); `untitled`: what names a record without
   * a title (default its id).
   */
  count(recordId: string, before: MigrationInput, migrated: Migrated, flags: string[] = migrated.record.reviewFlags, untitled = recordId): void {
    const { report } = this;
    const after = migrated.record;
    const titleItem = this.options.target.form.collection.recordTitle;
    const identifier = String((titleItem && (after.data[titleItem] ?? before.data[titleItem])) ?? untitled);
    if (after.ownerPending) {
      report.pendingOwners.push({ recordId, identifier, owner: before.ownerOrg, ...after.ownerPending });
    } else if (migrated.ownerRule && after.ownerOrg !== before.ownerOrg) {
      const key = `${before.ownerOrg}→${after.ownerOrg}`;
      const row = this.changes.get(key) ?? { from: before.ownerOrg, to: after.ownerOrg, rule: migrated.ownerRule, records: 0 };
      row.records++;
      this.changes.set(key, row);
    }
    for (const item of migrated.archived) report.archived[item] = (report.archived[item] ?? 0) + 1;
    if (after.complete) report.complete++;
    else {
      report.incomplete++;
      for (const path of after.missing) {
        const item = path.slice(1).split("/")[0]!;
        report.missing[item] = (report.missing[item] ?? 0) + 1;
      }
    }
    if (flags.length > before.reviewFlags.length) report.flagged.push({ recordId, identifier, reasons: flags.slice(before.reviewFlags.length) });
    report.records++;
  }

  /** The version the run carries records to. */
  get target(): RegisteredForm {
    return this.options.target;
  }

  /** How many records have been counted. */
  get records(): number {
    return this.report.records;
  }

  /** The report of the records counted so far. */
  result(): MigrationReport {
    return { ...this.report, ownerChanges: [...this.changes.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)) };
  }
}
