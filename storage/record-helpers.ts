/**
 * What both stores (SQLite and PostgreSQL) compute the same way, whatever the database: record
 * ids, which items a revision changed, the unique-value claims of a record, page numbers.
 */
import { randomFillSync } from "node:crypto";
import type { NewRecord, RecordData, RecordUpdate, StoredRecord, UniqueConstraint } from "./types.ts";
import { uniqueValueKey } from "./unique-key.ts";

/**
 * A time-ordered UUID (version 7, RFC 9562): new records land at the end of the primary-key
 * and revision indexes instead of at random places, which keeps inserts cheap as tables grow.
 */
export function uuidV7(now = Date.now()): string {
  if (randomOffset + 16 > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const bytes = Buffer.from(randomPool.subarray(randomOffset, randomOffset + 16));
  randomOffset += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Random bytes for ids, drawn from the system 4 KiB at a time: one call per 256 records rather than one per record.
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;

export interface UniqueClaim {
  scope: string;
  item: string;
  valueKey: string;
}

/** The rows of record_unique_values a record's constraints claim, each once. */
export function uniqueClaims(ownerOrg: string, unique: UniqueConstraint[]): UniqueClaim[] {
  const claims: UniqueClaim[] = [];
  const seen = new Set<string>();
  for (const constraint of unique) {
    const scope = constraint.within === "collection" ? "*" : ownerOrg;
    const valueKey = uniqueValueKey(constraint.value, constraint.ignoreCase);
    const key = JSON.stringify([scope, constraint.item, valueKey]);
    if (seen.has(key)) continue;
    seen.add(key);
    claims.push({ scope, item: constraint.item, valueKey });
  }
  return claims;
}

/**
 * Whether a stored key was made ignoring case, for an item no definition names any more: a key
 * that is the value lower-cased (format 1) or folded ignoring case (format 2), and not simply
 * the value as it is.
 */
export function keyIgnoredCase(value: string, key: string): boolean {
  if (key === value || key === uniqueValueKey(value, false)) return false;
  return key === value.toLowerCase() || key === uniqueValueKey(value, true);
}

/** Top-level keys that are stored (JSON drops undefined values), sorted. */
export function presentKeys(data: RecordData): string[] {
  return Object.keys(data)
    .filter((key) => data[key] !== undefined)
    .sort();
}

/**
 * Sorted top-level keys whose JSON value was added, removed or changed (object key order is
 * not a change). The one definition of "changed": stored with each revision, read by history
 * and by the no-op check of updates.
 */
export function changedItems(before: RecordData, after: RecordData): string[] {
  const keys = new Set([...presentKeys(before), ...presentKeys(after)]);
  return [...keys].filter((key) => !sameJson(before[key], after[key])).sort();
}

/** Whether two JSON values are equal, whatever the order of their objects' keys; undefined equals only undefined. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  return keys.length === Object.keys(y).filter((k) => y[k] !== undefined).length && keys.every((k) => y[k] !== undefined && sameJson(x[k], y[k]));
}

/**
 * A list's total once its page is read: a count that stopped early still knows of every row up
 * to the page's last (`throughPage`: how many rows precede it and are on it; null when paged by
 * cursor, where that is not known, and for an empty page, which may lie past the end).
 */
export function knownTotal(total: number, capped: boolean, throughPage: number | null): number {
  return capped && throughPage !== null ? Math.max(total, throughPage) : total;
}

export function pageNumber(value: number, name: string, min: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a number`);
  return Math.max(min, Math.floor(value));
}

/** The record an update wrote, as both stores return it (read from what was written, not read back). */
export function updatedRecord(
  update: RecordUpdate,
  current: Pick<StoredRecord, "createdAt" | "createdBy">,
  written: Pick<StoredRecord, "ownerOrg" | "revision" | "updatedAt" | "archive" | "reviewFlags" | "ownerPending">,
): StoredRecord {
  return {
    id: update.id,
    collection: update.collection,
    version: update.version,
    data: update.data,
    createdAt: current.createdAt,
    createdBy: current.createdBy,
    updatedBy: update.userId,
    complete: update.complete,
    missing: update.missing,
    ...written,
  };
}

/** The record a create wrote, as both stores return it (made from the input, not read back). */
/** The revisions a new record starts with: how it arrived (if it was carried to another version first), then as stored. */
export function firstRevisions(input: NewRecord): { revision: number; version: string; ownerOrg: string; data: RecordData; changedItems: string[]; reason: string }[] {
  const stored = { version: input.version, ownerOrg: input.ownerOrg, data: input.data, reason: input.reason ?? "create" };
  if (!input.arrived) return [{ revision: 1, ...stored, changedItems: presentKeys(input.data) }];
  const { arrived } = input;
  return [
    { revision: 1, ...arrived, changedItems: presentKeys(arrived.data) },
    { revision: 2, ...stored, changedItems: changedItems(arrived.data, input.data) },
  ];
}

export function createdRecord(input: NewRecord, written: Pick<StoredRecord, "id" | "createdAt" | "archive" | "reviewFlags">): StoredRecord {
  return {
    ...written,
    collection: input.collection,
    version: input.version,
    ownerOrg: input.ownerOrg,
    revision: input.arrived ? 2 : 1,
    data: input.data,
    createdBy: input.userId,
    updatedAt: written.createdAt,
    updatedBy: input.userId,
    complete: input.complete,
    missing: input.missing,
    ownerPending: input.ownerPending ?? null,
  };
}
