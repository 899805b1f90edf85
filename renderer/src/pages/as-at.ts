/**
 * The moments an extract can show, as the extract page offers them: NHS financial-year
 * quarters ("2026-27-Q1" is April to June 2026; Q4 is January to March of the later year) and
 * a day typed into the NHS date input. The server decides what they mean (ops/as-at.ts) and
 * has the last word; these list, label and check them before asking it.
 */
import { isIsoDate } from "../../../engine/runtime/index.ts";
import { isoFromParts, type DateParts } from "../form/date-parts.ts";

export interface QuarterChoice {
  /** "2026-27-Q2" */
  id: string;
  /** "2026-27 Q2 (July to September 2026)" */
  label: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The financial year's first calendar year and the quarter (1 to 4) a day falls in. */
function quarterAt(date: string): { year: number; q: number } {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return m >= 4 ? { year: y, q: Math.floor((m - 4) / 3) + 1 } : { year: y - 1, q: 4 };
}

function choice(year: number, q: number): QuarterChoice {
  const fy = `${year}-${String((year + 1) % 100).padStart(2, "0")}`;
  const firstMonth = (3 + (q - 1) * 3) % 12;
  const calendarYear = q === 4 ? year + 1 : year;
  return { id: `${fy}-Q${q}`, label: `${fy} Q${q} (${MONTHS[firstMonth]} to ${MONTHS[firstMonth + 2]} ${calendarYear})` };
}

/** The quarter `today` falls in and the ones before it, newest first. */
export function recentQuarters(today: string, count = 8): QuarterChoice[] {
  let { year, q } = quarterAt(today);
  const out: QuarterChoice[] = [];
  for (let i = 0; i < count; i++) {
    out.push(choice(year, q));
    if (--q === 0) {
      q = 4;
      year--;
    }
  }
  return out;
}

/** "2026-27-Q2" → "2026-27 Q2 (July to September 2026)"; anything else unchanged. */
export function quarterLabel(id: string): string {
  const m = /^(\d{4})-\d{2}-Q([1-4])$/.exec(id);
  return m ? choice(Number(m[1]), Number(m[2])).label : id;
}

/**
 * What is wrong with the as-at day typed into the three boxes, in the NHS date input's words,
 * or null when it is a real day no later than `today`.
 */
export function asAtProblem(parts: DateParts, today: string): string | null {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return "Enter the as-at date";
  const missing = [day ? "" : "day", month ? "" : "month", year ? "" : "year"].filter(Boolean);
  if (missing.length) return `As-at date must include a ${missing.join(" and a ")}`;
  if (!/^\d{4}$/.test(year)) return "Year must include 4 numbers";
  const iso = isoFromParts(parts);
  if (!isIsoDate(iso)) return "As-at date must be a real date";
  if (iso > today) return "As-at date must be today or in the past";
  return null;
}
