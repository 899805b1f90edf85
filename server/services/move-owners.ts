/**
 * An organisation succession, not a version change: records owned by an organisation that has
 * closed move to its successor open on the date, by the reference data. Where a split does not
 * decide it, the record joins the owner queue for a national user. Dry run first, as always.
 */
import type { OwnerResolver, RegisteredForm } from "../../engine/index.ts";
import type { ReferenceData } from "../../organisations/index.ts";
import type { Store, StoredRecord } from "../../storage/types.ts";
import { uniqueConstraints } from "../unique.ts";
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
    const update = {
      collection,
      id: record.id,
      expectedRevision: record.revision,
      version: record.version,
      data: record.data,
      complete: record.complete,
      missing: record.missing,
      userId: options.userId,
      unique: uniqueConstraints(form.form, record.data),
    };
    if (owner.kind === "pending") {
      report.pendingOwners.push({ recordId: record.id, identifier, owner: record.ownerOrg, candidates: owner.candidates, reason: owner.reason });
      if (!options.dryRun) await store.updateRecord({ ...update, ownerPending: { candidates: owner.candidates, reason: owner.reason }, reason: "owner closed: awaiting a person" });
      return;
    }
    const key = `${record.ownerOrg}→${owner.code}`;
    const row = changes.get(key) ?? { from: record.ownerOrg, to: owner.code, rule: owner.rule, records: 0 };
    row.records++;
    changes.set(key, row);
    if (options.dryRun) return;
    let written = await store.updateRecord({ ...update, ownerOrg: owner.code, reason: `owner succession ${record.ownerOrg} to ${owner.code}` });
    if (written.kind === "duplicate") {
      const reason = `Its ${written.item} is also used by another case of ${owner.code}; give one of them a new identifier.`;
      report.flagged.push({ recordId: record.id, identifier, reasons: [reason] });
      written = await store.updateRecord({ ...update, unique: [], ownerOrg: owner.code, reviewFlags: [...record.reviewFlags, reason], reason: `owner succession ${record.ownerOrg} to ${owner.code}` });
    }
    if (written.kind !== "ok") throw new Error(`record ${record.id} could not be moved (${written.kind})`);
  };

  const run = async () => {
    let afterId: string | undefined;
    for (;;) {
      const batch = await store.scanRecords({ collection, version: form.form.version, ...(afterId ? { afterId } : {}), limit: 500 });
      if (!batch.length) break;
      for (const record of batch) await moveOne(record);
      afterId = batch[batch.length - 1]!.id;
    }
  };
  if (options.dryRun) await run();
  else await store.bulk(run);
  report.ownerChanges = [...changes.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return report;
}
