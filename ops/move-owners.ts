/**
 * An organisation succession, not a version change: records owned by an organisation that has
 * closed move to its successor open on the date, by the reference data. Where a split does not
 * decide it, the record joins the owner queue for a national user. Dry run first, as always.
 */
import type { OwnerResolver, RegisteredForm } from "../engine/index.ts";
import type { ReferenceData } from "../organisations/index.ts";
import type { Store, StoredRecord } from "../storage/index.ts";
import { recordUpdate, writeFlaggingDuplicate } from "./record-writes.ts";
import { forEachRecord } from "./scan.ts";
import type { PendingOwner } from "./migrate-records.ts";

export interface OwnerMoveReport {
  collection: string;
  date: string;
  dryRun: boolean;
  checked: number;
  ownerChanges: { from: string; to: string; rule: string; records: number }[];
  pendingOwners: PendingOwner[];
  flagged: { recordId: string; identifier: string; reasons: string[] }[];
}

export async function moveClosedOwners(options: {
  store: Store;
  form: RegisteredForm;
  reference: ReferenceData;
  resolveOwner: OwnerResolver;
  date: string;
  dryRun: boolean;
  userId: string;
}): Promise<OwnerMoveReport> {
  const { store, form, date } = options;
  const collection = form.form.collection.id;
  const targetType = form.form.ownerOrganisationType;
  const report: OwnerMoveReport = { collection, date, dryRun: options.dryRun, checked: 0, ownerChanges: [], pendingOwners: [], flagged: [] };
  const changes = new Map<string, OwnerMoveReport["ownerChanges"][number]>();
  const titleItem = form.form.collection.recordTitle;

  const moveOne = async (record: StoredRecord) => {
    report.checked++;
    if (record.ownerPending || options.reference.isOpen(record.ownerOrg, date)) return;
    const owner = options.resolveOwner(record.ownerOrg, date, targetType);
    const identifier = String((titleItem && record.data[titleItem]) ?? record.id);
    if (owner.kind === "same") return;
    if (owner.kind === "pending") {
      report.pendingOwners.push({ recordId: record.id, identifier, owner: record.ownerOrg, candidates: owner.candidates, reason: owner.reason });
      if (!options.dryRun) await store.updateRecord(recordUpdate(record, form.form, options.userId, { ownerPending: { candidates: owner.candidates, reason: owner.reason }, reason: "owner closed: awaiting a person" }));
      return;
    }
    const key = `${record.ownerOrg}→${owner.code}`;
    const row = changes.get(key) ?? { from: record.ownerOrg, to: owner.code, rule: owner.rule, records: 0 };
    row.records++;
    changes.set(key, row);
    if (options.dryRun) return;
    const update = recordUpdate(record, form.form, options.userId, { ownerOrg: owner.code, reason: `owner succession ${record.ownerOrg} to ${owner.code}` });
    const { written, flag } = await writeFlaggingDuplicate(store, update, owner.code);
    if (flag) report.flagged.push({ recordId: record.id, identifier, reasons: [flag] });
    if (written.kind !== "ok") throw new Error(`record ${record.id} could not be moved (${written.kind})`);
  };

  // A batch at a time, each one short transaction: a tracker serving the same file waits for one batch at most.
  await forEachRecord(store, { collection, version: form.form.version, transactionPerBatch: !options.dryRun }, moveOne);
  report.ownerChanges = [...changes.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return report;
}
