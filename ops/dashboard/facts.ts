/**
 * The dashboard's facts: one compact row per revision of a collection, kept in typed arrays
 * (about 40 bytes a revision, so a million records fit in tens of megabytes) and holding only
 * what the dashboard counts, worked out once when the revision is read: whether the record was
 * open, complete, and waiting on something; its opening and closing days; its durations; and
 * its breakdown codes as bits. Each row also says when it was in force (from its revision's
 * time until the record's next revision), which is what lets any day's picture be counted
 * from the same rows.
 */
import { evaluateCondition, isIsoDate, todayInLondon, type RecordData } from "../../engine/index.ts";
import type { DashboardPlan } from "./plan.ts";

/** No date: days are whole numbers since 1970-01-01, and this is none of them. */
export const NO_DAY = -2_147_483_648;

export const OPEN = 1;
export const COMPLETE = 2;
/** Bit of the outstanding count k. */
export const outstandingBit = (k: number) => 1 << (k + 2);

export function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

function dayOf(value: unknown): number {
  return isIsoDate(value) ? dayNumber(value) : NO_DAY;
}

/** A typed array that doubles as it fills. */
class Column<A extends Int32Array | Uint32Array | Float64Array | Uint16Array | Uint8Array> {
  array: A;
  constructor(
    private readonly make: (n: number) => A,
    readonly stride = 1,
  ) {
    this.array = make(1024 * stride);
  }
  ensure(rows: number): void {
    if (rows * this.stride <= this.array.length) return;
    const bigger = this.make(Math.max(rows * this.stride, this.array.length * 2));
    bigger.set(this.array);
    this.array = bigger;
  }
}

export interface IngestedRevision {
  recordId: string;
  ownerOrg: string;
  createdAt: string;
  reviewFlags: string[];
  /** The answers in the current version's items. */
  data: RecordData;
  /** Whether the answers meet every rule of the current version. */
  complete: boolean;
}

export class DashboardFacts {
  /** Revisions (rows) and records held. */
  rows = 0;
  records = 0;
  /** Owner organisation codes, by the small numbers the rows hold. */
  readonly owners: string[] = [];
  private readonly ownerIndex = new Map<string, number>();
  private readonly recordIndex = new Map<string, number>();

  // By row.
  readonly record = new Column((n) => new Int32Array(n));
  readonly from = new Column((n) => new Float64Array(n));
  readonly to = new Column((n) => new Float64Array(n));
  readonly owner = new Column((n) => new Uint16Array(n));
  readonly bits = new Column((n) => new Uint32Array(n));
  readonly opened = new Column((n) => new Int32Array(n));
  readonly closed = new Column((n) => new Int32Array(n));
  readonly durations: Column<Int32Array>;
  readonly codes: Column<Uint32Array>;
  // By record.
  readonly currentOwner = new Column((n) => new Uint16Array(n));
  readonly flagged = new Column((n) => new Uint8Array(n));
  readonly latestRow = new Column((n) => new Int32Array(n));

  constructor(readonly plan: DashboardPlan) {
    this.durations = new Column((n) => new Int32Array(n), Math.max(1, plan.settings.durations.length));
    this.codes = new Column((n) => new Uint32Array(n), Math.max(1, plan.codeWords));
  }

  ownerNumber(code: string): number {
    let n = this.ownerIndex.get(code);
    if (n === undefined) {
      n = this.owners.length;
      if (n > 0xffff) throw new Error("more than 65,536 owner organisations");
      this.owners.push(code);
      this.ownerIndex.set(code, n);
    }
    return n;
  }

  /** Adds a revision; revisions of one record must come in the order they were written. */
  add(revision: IngestedRevision): void {
    const { plan } = this;
    const settings = plan.settings;
    const row = this.rows;
    for (const c of [this.record, this.from, this.to, this.owner, this.bits, this.opened, this.closed, this.durations, this.codes]) c.ensure(row + 1);

    let rec = this.recordIndex.get(revision.recordId);
    if (rec === undefined) {
      rec = this.records++;
      this.recordIndex.set(revision.recordId, rec);
      for (const c of [this.currentOwner, this.flagged, this.latestRow]) c.ensure(rec + 1);
    } else {
      this.to.array[this.latestRow.array[rec]!] = Date.parse(revision.createdAt);
    }
    const owner = this.ownerNumber(revision.ownerOrg);
    this.latestRow.array[rec] = row;
    this.currentOwner.array[rec] = owner;
    this.flagged.array[rec] = revision.reviewFlags.length > 0 ? 1 : 0;

    const data = revision.data;
    this.record.array[row] = rec;
    this.from.array[row] = Date.parse(revision.createdAt);
    this.to.array[row] = Infinity;
    this.owner.array[row] = owner;
    let bits = (evaluateCondition(settings.openWhen, data) ? OPEN : 0) | (revision.complete ? COMPLETE : 0);
    settings.outstanding.forEach((o, k) => {
      if (evaluateCondition(o.when, data)) bits |= outstandingBit(k);
    });
    this.bits.array[row] = bits;
    this.opened.array[row] = dayOf(data[settings.openedOn]);
    this.closed.array[row] = settings.closedOn ? dayOf(data[settings.closedOn]) : NO_DAY;
    const dStride = this.durations.stride;
    settings.durations.forEach((d, k) => {
      const a = dayOf(data[d.from]);
      const b = dayOf(data[d.to]);
      this.durations.array[row * dStride + k] = a === NO_DAY || b === NO_DAY ? NO_DAY : b - a;
    });
    const cStride = this.codes.stride;
    this.codes.array.fill(0, row * cStride, row * cStride + cStride);
    for (const b of plan.breakdowns) {
      const value = data[b.item.key];
      const chosen = Array.isArray(value) ? value : [value];
      for (const code of chosen) {
        const i = typeof code === "string" ? b.bitOf.get(code) : undefined;
        if (i !== undefined) this.codes.array[row * cStride + b.firstWord + (i >> 5)]! |= 1 << (i & 31);
      }
    }
    this.rows++;
  }
}

/** The London day of an instant: revisions are judged against the rules as of the day they were made. */
export function londonDay(instant: string): string {
  return todayInLondon(new Date(instant));
}
