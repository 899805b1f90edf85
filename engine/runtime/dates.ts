/** Calendar dates as the standard defines them: ISO YYYY-MM-DD, "today" in Europe/London. */

/** The range every date answer lies in (compile/json-schema.ts); a definition may narrow it with rules. */
export const EARLIEST_DATE = "1900-01-01";
export const LATEST_DATE = "2100-12-31";

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's calendar date in Europe/London, whatever the machine's time zone. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate.format(now);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2024-03-03" → "3 March 2024" (GOV.UK style); anything else is returned unchanged. */
export function formatLongDate(iso: unknown): string {
  if (typeof iso !== "string") return String(iso);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

export function isIsoDate(value: unknown): value is string {
  // Read by character codes: every date answer of every record passes here, and a regular
  // expression, a split and a Date cost more than the schema's whole check of the record.
  if (typeof value !== "string" || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const y = digitsAt(value, 0, 4);
  const m = digitsAt(value, 5, 7);
  const d = digitsAt(value, 8, 10);
  // Years before 100 were never real dates here (Date.UTC read them as 19xx, and this refused them).
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 ? (isLeapYear(y) ? 29 : 28) : DAYS_IN_MONTH[m - 1]!);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The number written in ASCII digits from `from` to `to`, or -1 when any is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
