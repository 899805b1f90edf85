/**
 * The dashboard's figures for one day and scope, counted from the facts in one pass: the
 * records as they stood at the end of the day (the row of each record in force then), the
 * quarter's openings and closings, each breakdown code by code, each owner and region,
 * progress, data quality, and the open and new records of the eight quarters up to it.
 *
 * Scope follows each record's owner today, as every other read does; the drill-down (a region
 * or an owner) follows the owner the record had on the day, named and placed in a region as
 * the reference data stood on that day.
 */
import { ownerOnDay, type OwnerOnDay, type ReferenceData } from "../../organisations/index.ts";
import { endOfDayInLondon, parseQuarter, type Quarter } from "../as-at.ts";
import { COMPLETE, dayNumber, NO_DAY, OPEN, outstandingBit, type DashboardFacts } from "./facts.ts";

export interface FiguresQuery {
  /** The day whose end is described (YYYY-MM-DD). */
  asAt: string;
  /** The quarter whose openings and closings are counted (up to asAt). */
  quarter: Quarter;
  /** Owners today whose records the caller may see, or "all". */
  scope: ReadonlySet<string> | "all";
  /** Narrows the figures to records whose owner on the day was in this region, or was this owner. */
  region?: string;
  owner?: string;
}

export interface CodeCount {
  code: string;
  label: string;
  count: number;
}

export interface OwnerFigures {
  org: string;
  name: string;
  region: string | null;
  regionName: string | null;
  total: number;
  open: number;
}

export interface RegionFigures {
  code: string;
  name: string;
  total: number;
  open: number;
}

export interface TrendPoint {
  quarter: string;
  /** The day counted: the quarter's last day, or the as-at day for the quarter asked about. */
  asAt: string;
  open: number;
  opened: number;
}

export interface DashboardFigures {
  asAt: string;
  quarter: string;
  period: { start: string; end: string };
  total: number;
  open: number;
  openedInPeriod: number;
  closedInPeriod: number;
  byItem: Record<string, CodeCount[]>;
  /** Each breakdown item's label and whether a record can count under several of its codes. */
  items: { key: string; label: string; multiple: boolean }[];
  /** Within the region asked for (or the whole scope), by owner on the day. */
  byOwner: OwnerFigures[];
  /** The whole scope, by region on the day. */
  byRegion: RegionFigures[];
  progress: {
    durations: { id: string; label: string; median: number | null; count: number }[];
    openOlderThan6Months: number;
    openOlderThan12Months: number;
    openWithoutUpdate90Days: number;
    outstanding: { id: string; label: string; count: number }[];
  };
  quality: { incomplete: number; flagged: number };
  trend: TrendPoint[];
}

const DAY_MS = 86_400_000;

/** The quarter `back` quarters before `quarter`. */
export function quarterBefore(quarter: Quarter, back: number): Quarter {
  const m = /^(\d{4})-\d{2}-Q([1-4])$/.exec(quarter.id)!;
  const index = Number(m[1]) * 4 + Number(m[2]) - 1 - back;
  const year = Math.floor(index / 4);
  return parseQuarter(`${year}-${String((year + 1) % 100).padStart(2, "0")}-Q${(index % 4) + 1}`) as Quarter;
}

/** The same day `months` calendar months earlier (clamped to the month's last day). */
function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

interface Moment {
  quarter: Quarter;
  day: string;
  at: number;
  startDay: number;
  endDay: number;
  /** By owner number: whether the drill-down lets the owner's rows count on this day. */
  within: Uint8Array;
  open: number;
  opened: number;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function dashboardFigures(facts: DashboardFacts, reference: ReferenceData, query: FiguresQuery): DashboardFigures {
  const { plan } = facts;
  const settings = plan.settings;
  const owners = facts.owners;
  const ownerCount = owners.length;
  const onDay = new Map<string, OwnerOnDay[]>();
  const ownersOn = (day: string) => onDay.get(day) ?? onDay.set(day, owners.map((code) => ownerOnDay(reference, code, day))).get(day)!;
  const withinOn = (day: string, ignoreOwner = false) => {
    const list = ownersOn(day);
    const pass = new Uint8Array(ownerCount);
    list.forEach((o, n) => {
      pass[n] = Number((!query.region || o.region?.code === query.region) && (ignoreOwner || !query.owner || o.code === query.owner));
    });
    return pass;
  };
  const inScope = new Uint8Array(ownerCount);
  owners.forEach((code, n) => {
    inScope[n] = Number(query.scope === "all" || query.scope.has(code));
  });

  // The eight quarters up to the one asked about; the last is counted at the as-at day.
  const moments: Moment[] = [];
  for (let back = 7; back >= 0; back--) {
    const quarter = quarterBefore(query.quarter, back);
    const day = back === 0 ? query.asAt : quarter.end;
    moments.push({ quarter, day, at: Date.parse(endOfDayInLondon(day)), startDay: dayNumber(quarter.start), endDay: dayNumber(day), within: withinOn(day), open: 0, opened: 0 });
  }
  const main = moments[moments.length - 1]!;
  const inRegion = withinOn(query.asAt, true);
  const mainOwners = ownersOn(query.asAt);

  const byItem = plan.breakdowns.map((b) => new Float64Array(b.codes.length));
  const ownerTotals = new Float64Array(ownerCount);
  const ownerOpen = new Float64Array(ownerCount);
  const durations = settings.durations.map(() => [] as number[]);
  const outstanding = new Float64Array(settings.outstanding.length);
  let total = 0, open = 0, openedInPeriod = 0, closedInPeriod = 0, older6 = 0, older12 = 0, stale = 0, incomplete = 0, flagged = 0;
  const day6 = dayNumber(monthsBefore(query.asAt, 6));
  const day12 = dayNumber(monthsBefore(query.asAt, 12));
  const staleBefore = main.at - 90 * DAY_MS;

  const record = facts.record.array, from = facts.from.array, to = facts.to.array, ownerOf = facts.owner.array, bitsOf = facts.bits.array;
  const opened = facts.opened.array, closed = facts.closed.array, codes = facts.codes.array, durationsOf = facts.durations.array;
  const currentOwner = facts.currentOwner.array, flaggedOf = facts.flagged.array;
  const cStride = facts.codes.stride, dStride = facts.durations.stride;

  // The loop below runs once per revision (a million or more): everything it reads is a typed
  // array or a number, so that it stays a tight loop.
  const momentCount = moments.length;
  const momentAt = Float64Array.from(moments, (m) => m.at);
  const momentStart = Int32Array.from(moments, (m) => m.startDay);
  const momentEnd = Int32Array.from(moments, (m) => m.endDay);
  const momentWithin = new Uint8Array(momentCount * ownerCount);
  moments.forEach((m, j) => momentWithin.set(m.within, j * ownerCount));
  const momentOpen = new Float64Array(momentCount);
  const momentOpened = new Float64Array(momentCount);
  const regionCodes = [...new Set(mainOwners.map((o) => o.region?.code ?? ""))];
  const regionOfOwner = Int32Array.from(mainOwners, (o) => regionCodes.indexOf(o.region?.code ?? ""));
  const regionTotal = new Float64Array(regionCodes.length);
  const regionOpen = new Float64Array(regionCodes.length);
  const breakdownFirst = Int32Array.from(plan.breakdowns, (b) => b.firstWord);
  const breakdownCodes = Int32Array.from(plan.breakdowns, (b) => b.codes.length);
  const durationCount = durations.length;
  const outstandingCount = outstanding.length;
  const mainAt = main.at, mainStart = main.startDay, mainEnd = main.endDay, mainWithin = main.within;

  for (let i = 0; i < facts.rows; i++) {
    const rec = record[i]!;
    if (!inScope[currentOwner[rec]!]) continue;
    const f = from[i]!, t = to[i]!, o = ownerOf[i]!, bits = bitsOf[i]!, openedDay = opened[i]!;
    const isOpen = (bits & OPEN) !== 0;
    for (let j = 0; j < momentCount; j++) {
      const at = momentAt[j]!;
      if (f > at || t <= at || !momentWithin[j * ownerCount + o]) continue;
      if (isOpen) momentOpen[j]!++;
      if (openedDay >= momentStart[j]! && openedDay <= momentEnd[j]!) momentOpened[j]!++;
    }
    if (f > mainAt || t <= mainAt) continue;
    const region = regionOfOwner[o]!;
    regionTotal[region]!++;
    if (isOpen) regionOpen[region]!++;
    if (!inRegion[o]) continue;
    ownerTotals[o]!++;
    if (isOpen) ownerOpen[o]!++;
    if (!mainWithin[o]) continue;

    total++;
    if (isOpen) open++;
    if (openedDay >= mainStart && openedDay <= mainEnd) openedInPeriod++;
    if (closed[i]! >= mainStart && closed[i]! <= mainEnd) closedInPeriod++;
    for (let k = 0; k < breakdownFirst.length; k++) {
      const counts = byItem[k]!, first = i * cStride + breakdownFirst[k]!, n = breakdownCodes[k]!;
      for (let c = 0; c < n; c++) if (codes[first + (c >> 5)]! & (1 << (c & 31))) counts[c]!++;
    }
    for (let k = 0; k < durationCount; k++) {
      const d = durationsOf[i * dStride + k]!;
      if (d !== NO_DAY) durations[k]!.push(d);
    }
    for (let k = 0; k < outstandingCount; k++) if (bits & outstandingBit(k)) outstanding[k]!++;
    if (isOpen && openedDay !== NO_DAY) {
      if (openedDay <= day6) older6++;
      if (openedDay <= day12) older12++;
    }
    if (isOpen && f < staleBefore) stale++;
    if (!(bits & COMPLETE)) incomplete++;
    if (flaggedOf[rec]) flagged++;
  }
  moments.forEach((m, j) => {
    m.open = momentOpen[j]!;
    m.opened = momentOpened[j]!;
  });
  const regionTotals = new Map(regionCodes.map((code, n) => [code, { total: regionTotal[n]!, open: regionOpen[n]! }]));

  const regionNames = new Map(mainOwners.flatMap((o) => (o.region ? [[o.region.code, o.region.name] as const] : [])));
  return {
    asAt: query.asAt,
    quarter: query.quarter.id,
    period: { start: query.quarter.start, end: query.asAt },
    total,
    open,
    openedInPeriod,
    closedInPeriod,
    byItem: Object.fromEntries(plan.breakdowns.map((b, k) => [b.item.key, b.codes.map((c, n) => ({ code: c.code, label: c.label, count: byItem[k]![n]! }))])),
    items: plan.breakdowns.map((b) => ({ key: b.item.key, label: b.item.label, multiple: b.item.type === "multiple_choice" })),
    byOwner: mainOwners
      .map((o, n) => ({ org: o.code, name: o.name, region: o.region?.code ?? null, regionName: o.region?.name ?? null, total: ownerTotals[n]!, open: ownerOpen[n]! }))
      .filter((o) => o.total > 0)
      .sort((a, b) => a.name.localeCompare(b.name)),
    byRegion: [...regionTotals]
      .filter(([, t]) => t.total > 0)
      .map(([code, t]) => ({ code, name: regionNames.get(code) ?? "No region in the reference data", ...t }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    progress: {
      durations: settings.durations.map((d, k) => ({ id: d.id, label: d.label, median: median(durations[k]!), count: durations[k]!.length })),
      openOlderThan6Months: older6,
      openOlderThan12Months: older12,
      openWithoutUpdate90Days: stale,
      outstanding: settings.outstanding.map((o, k) => ({ id: o.id, label: o.label, count: outstanding[k]! })),
    },
    quality: { incomplete, flagged },
    trend: moments.map((m) => ({ quarter: m.quarter.id, asAt: m.day, open: m.open, opened: m.opened })),
  };
}
