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
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
