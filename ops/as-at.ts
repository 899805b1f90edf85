/**
 * The moments extracts describe: the end of a calendar day in Europe/London (whatever the
 * machine's zone, across clock changes), and NHS financial-year quarters (2026-27-Q1 is
 * 1 April to 30 June 2026; Q4 is January to March of the later year).
 */
import { isIsoDate, todayInLondon } from "../engine/index.ts";

export interface Quarter {
  /** "2026-27-Q2" */
  id: string;
  start: string;
  end: string;
}

const QUARTER_STARTS = ["04-01", "07-01", "10-01", "01-01"];
const QUARTER_ENDS = ["06-30", "09-30", "12-31", "03-31"];

/** The quarter named like "2026-27-Q2", or an error message saying what is wrong with it. */
export function parseQuarter(text: string): Quarter | { error: string } {
  const m = /^(\d{4})-(\d{2})-Q([1-4])$/.exec(text);
  if (!m) return { error: `"${text}" is not a quarter like 2026-27-Q2 (the financial year, then Q1 to Q4)` };
  const first = Number(m[1]);
  if ((first + 1) % 100 !== Number(m[2])) return { error: `"${text}": a financial year runs from one year into the next, like ${first}-${String((first + 1) % 100).padStart(2, "0")}` };
  const q = Number(m[3]) - 1;
  const year = q === 3 ? first + 1 : first;
  return { id: text, start: `${year}-${QUARTER_STARTS[q]}`, end: `${year}-${QUARTER_ENDS[q]}` };
}

/** The quarter a day falls in. */
export function quarterOf(date: string): Quarter {
  const [y, m] = date.split("-").map(Number) as [number, number];
  const q = m >= 4 ? Math.floor((m - 4) / 3) : 3;
  const first = m >= 4 ? y : y - 1;
  return parseQuarter(`${first}-${String((first + 1) % 100).padStart(2, "0")}-Q${q + 1}`) as Quarter;
}

/** The last millisecond of a day in Europe/London, as an ISO instant (UTC). */
export function endOfDayInLondon(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // London is UTC or UTC+1: the next day's midnight there is one of these two instants.
  const nextMidnightUtc = Date.UTC(y, m - 1, d + 1);
  const next = new Date(nextMidnightUtc);
  const nextDay = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, "0")}-${String(next.getUTCDate()).padStart(2, "0")}`;
  for (const offsetHours of [1, 0]) {
    const candidate = nextMidnightUtc - offsetHours * 3_600_000;
    if (todayInLondon(new Date(candidate)) === nextDay && todayInLondon(new Date(candidate - 1)) === date) return new Date(candidate - 1).toISOString();
  }
  throw new Error(`no end of day found for ${date}`);
}

export type AsAt = { asAt: string; quarter: Quarter | null } | { error: string };

/** What an extract or a dashboard describes: `quarter` (its last day) or `asAt` (a day), not both; default the current quarter. */
export function resolveAsAt(input: { quarter?: string | undefined; asAt?: string | undefined }, today: string): AsAt {
  if (input.quarter && input.asAt) return { error: "Give a quarter or an as-at date, not both" };
  if (input.asAt !== undefined) {
    if (!isIsoDate(input.asAt)) return { error: `"${input.asAt}" is not a date like 2026-09-30` };
    if (input.asAt > today) return { error: `${input.asAt} is in the future: records can only be shown as they stood up to today (${today})` };
    return { asAt: input.asAt, quarter: null };
  }
  const quarter = input.quarter ? parseQuarter(input.quarter) : quarterOf(today);
  if ("error" in quarter) return quarter;
  if (quarter.start > today) return { error: `${quarter.id} has not started yet` };
  // A quarter still running is shown as it stands today.
  return { asAt: quarter.end < today ? quarter.end : today, quarter };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-27 Q2 (July to September 2026)". */
export function quarterLabel(quarter: Quarter): string {
  // A quarter never spans two calendar years.
  const [, m1] = quarter.start.split("-").map(Number) as [number, number];
  const [year, m2] = quarter.end.split("-").map(Number) as [number, number];
  const [fy, q] = quarter.id.split("-Q") as [string, string];
  return `${fy} Q${q} (${MONTHS[m1 - 1]} to ${MONTHS[m2 - 1]} ${year})`;
}

/** The quarter `today` is in and the `count - 1` before it, newest first. */
export function recentQuarters(today: string, count: number): Quarter[] {
  const quarters: Quarter[] = [];
  let day = today;
  for (let i = 0; i < count; i++) {
    const quarter = quarterOf(day);
    quarters.push(quarter);
    // The day before this quarter began lies in the one before it.
    const start = new Date(`${quarter.start}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - 1);
    day = start.toISOString().slice(0, 10);
  }
  return quarters;
}
