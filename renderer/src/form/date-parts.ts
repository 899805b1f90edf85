/**
 * The NHS date input holds one answer in three boxes. These convert between the stored answer
 * (an ISO date, YYYY-MM-DD) and the boxes, without ever losing what was typed: a half-filled
 * or impossible date becomes a string that is not an ISO date, so validation says "must be a
 * real date" instead of the answer vanishing.
 */

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const EMPTY: DateParts = { day: "", month: "", year: "" };

/** Stored answer → the three boxes. "2024-03-07" → { day: "7", month: "3", year: "2024" }. */
export function dateParts(value: unknown): DateParts {
  if (typeof value !== "string" || value.trim() === "") return { ...EMPTY };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return { day: String(Number(iso[3])), month: String(Number(iso[2])), year: iso[1]! };
  // A half-typed answer kept by isoFromParts: "2024-03-" → year 2024, month 03, day empty.
  const pieces = value.split("-");
  if (pieces.length === 3) return { year: pieces[0]!, month: pieces[1]!, day: pieces[2]! };
  return { ...EMPTY, year: value };
}

/**
 * The three boxes → the stored answer: undefined when all are empty; "YYYY-MM-DD" (day and
 * month padded to two digits) when all three are filled with digits; otherwise the boxes as
 * typed joined by "-" (for example "2024-03-"), which is never a valid ISO date.
 */
export function isoFromParts(parts: Partial<DateParts>): string | undefined {
  const day = (parts.day ?? "").trim();
  const month = (parts.month ?? "").trim();
  const year = (parts.year ?? "").trim();
  if (!day && !month && !year) return undefined;
  const digits = /^\d+$/;
  if (digits.test(day) && digits.test(month) && digits.test(year)) {
    return `${year}-${pad(month)}-${pad(day)}`;
  }
  return `${year}-${month}-${day}`;
}

function pad(part: string): string {
  return part.length === 1 ? `0${part}` : part;
}
