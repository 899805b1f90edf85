/**
 * Records and revisions as the API shows them: owner and region named, users by name, and
 * what the caller may do with each record.
 */
import type { CaseRecord, HistoryBody, Owner } from "../../api/index.ts";
import { ownerOnDay } from "../../organisations/index.ts";
import type { Revision, StoredRecord, User } from "../../storage/index.ts";
import { recordPermissions } from "../access.ts";
import type { ServerContext } from "../context.ts";

/** Users are few and never renamed by the tracker: their public names are cached per process. */
const userNames = new Map<string, { username: string; displayName: string }>();

async function nameOf(context: ServerContext, id: string): Promise<{ username: string; displayName: string }> {
  let name = userNames.get(id);
  if (!name) {
    const user = await context.store.getUser(id);
    name = user ? { username: user.username, displayName: user.displayName } : { username: "unknown", displayName: "Unknown user" };
    userNames.set(id, name);
  }
  return name;
}

export function ownerView(context: ServerContext, code: string, on: string): Owner {
  return ownerOnDay(context.reference, code, on);
}

export async function recordView(record: StoredRecord, context: ServerContext, viewer: User): Promise<CaseRecord> {
  const owner = ownerView(context, record.ownerOrg, context.today());
  const form = context.registry.get(record.collection, record.version);
  return {
    id: record.id,
    collection: record.collection,
    version: record.version,
    revision: record.revision,
    ownerOrg: record.ownerOrg,
    owner,
    data: record.data,
    complete: record.complete,
    missing: record.missing,
    archive: record.archive,
    reviewFlags: record.reviewFlags,
    ownerPending: record.ownerPending,
    createdAt: record.createdAt,
    createdBy: await nameOf(context, record.createdBy),
    updatedAt: record.updatedAt,
    updatedBy: await nameOf(context, record.updatedBy),
    permissions: form ? recordPermissions(viewer, form.form, record, owner.open) : { edit: false, writableItems: [], actions: [] },
  };
}

export async function historyView(collection: string, revisions: Revision[], context: ServerContext): Promise<HistoryBody> {
  const items: HistoryBody["items"] = [];
  let previous: Revision | undefined;
  for (const rev of revisions) {
    const form = context.registry.get(collection, rev.version);
    const before = previous?.data ?? {};
    // The changed items stored with the revision when it was written, not recomputed.
    const keys = rev.changedItems;
    items.push({
      revision: rev.revision,
      version: rev.version,
      ownerOrg: rev.ownerOrg,
      reason: rev.reason,
      createdAt: rev.createdAt,
      createdBy: await nameOf(context, rev.createdBy),
      changes: keys.map((key) => ({
        item: key,
        label: form?.form.items.find((i) => i.key === key)?.label ?? key,
        before: previous ? (before[key] ?? null) : null,
        after: rev.data[key] ?? null,
      })),
    });
    previous = rev;
  }
  return { items };
}
