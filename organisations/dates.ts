/**
 * Calendar arithmetic on ISO dates and on organisation periods (open and close dates
 * inclusive). Day numbers are UTC so that no time zone or clock change shifts a date.
 */
import { isIsoDate } from "../engine/runtime/index.ts";
import { typeRank } from "./keys.ts";
import type { Membership, Organisation } from "./types.ts";

export { isIsoDate };

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** The calendar date `days` days after (or before, if negative) `iso`. */
export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** Query dates come from callers, so a malformed one is refused rather than compared as text. */
export function assertDate(date: string, what = "date"): void {
  if (typeof date !== "string" || !isIsoDate(date)) throw new Error(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

/** Is the organisation operational on `date` (open and close dates inclusive)? */
export function isOpenOn(org: Organisation, date: string): boolean {
  return org.openDate <= date && (org.closeDate === null || date <= org.closeDate);
}

export function membershipCovers(m: Membership, date: string): boolean {
  return m.fromDate <= date && (m.toDate === null || date <= m.toDate);
}

/** Days between `date` and the period (0 if inside it). */
function distanceInDays(org: Organisation, date: string): number {
  if (date < org.openDate) return dayNumber(org.openDate) - dayNumber(date);
  if (org.closeDate !== null && date > org.closeDate) return dayNumber(date) - dayNumber(org.closeDate);
  return 0;
}

export function clampToPeriod(org: Organisation, date: string): string {
  if (date < org.openDate) return org.openDate;
  if (org.closeDate !== null && date > org.closeDate) return org.closeDate;
  return date;
}

/** The period open on `date`; else the one nearest in time (later one on a tie); undefined if none. */
export function pickFor(periods: readonly Organisation[], date: string): Organisation | undefined {
  let best: Organisation | undefined;
  let bestDistance = Infinity;
  for (const o of periods) {
    const d = distanceInDays(o, date);
    if (
      best === undefined ||
      d < bestDistance ||
      (d === bestDistance && (o.openDate > best.openDate || (o.openDate === best.openDate && typeRank(o.type) > typeRank(best.type))))
    ) {
      best = o;
      bestDistance = d;
    }
  }
  return best;
}
