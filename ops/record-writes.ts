/**
 * The one place a change to a stored record becomes a RecordUpdate: whatever the change does
 * not say is kept from the stored record, and the unique values and searchable texts always
 * follow the new data.
 * Also the one retry for a duplicate identifier that a person, not the tool, must resolve.
 */
import type { CompiledForm } from "../engine/index.ts";
import type { RecordUpdate, Store, StoredRecord, WriteResult } from "../storage/index.ts";
import { learningEntry } from "./learning-texts.ts";
import { uniqueConstraints } from "./unique.ts";

export type RecordChange = Partial<Omit<RecordUpdate, "collection" | "id" | "expectedRevision" | "unique" | "search" | "userId">>;

/** An update of `record` by `userId`, applying only if the record is still at `expectedRevision` (default: its revision). */
export function recordUpdate(record: StoredRecord, form: CompiledForm, userId: string, change: RecordChange = {}, expectedRevision = record.revision): RecordUpdate {
  const data = change.data ?? record.data;
  return {
    collection: record.collection,
    id: record.id,
    expectedRevision,
    version: record.version,
    data,
    complete: record.complete,
    missing: record.missing,
    reviewFlags: record.reviewFlags,
    ...change,
    unique: uniqueConstraints(form, data),
    search: learningEntry(form, data),
    userId,
  };
}

/**
 * Writes an update made by a tool (a migration, an owner move). Two predecessors' cases can
 * share an identifier once they have one owner: both are kept, the duplicate check is waived
 * for this one, and it is flagged for a person. Returns the reason when that happened.
 */
export async function writeFlaggingDuplicate(store: Store, update: RecordUpdate, ownerOrg: string): Promise<{ written: WriteResult; flag?: string }> {
  const written = await store.updateRecord(update);
  if (written.kind !== "duplicate") return { written };
  const flag = duplicateFlag(written.item, ownerOrg);
  return { written: await store.updateRecord({ ...update, unique: [], reviewFlags: [...(update.reviewFlags ?? []), flag] }), flag };
}

/** The review flag of a case whose identifier another case of its owner already uses. */
export function duplicateFlag(item: string, ownerOrg: string): string {
  return `Its ${item} is also used by another case of ${ownerOrg}; give one of them a new identifier.`;
}
