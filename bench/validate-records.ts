/**
 * The records every validator of the validation benchmark is given: S-CRT 2.0 cases as the API
 * receives them, varied the way real cases vary (open and closed, with and without the
 * follow-on answers), and the same number of invalid ones, each wrong in one of the ways a
 * person gets a case wrong. Deterministic, so every run and every validator sees the same data.
 */

export const BENCH_TODAY = "2026-11-21";

const THEMES = ["physical", "domestic", "sexual", "psychological", "financial", "neglect", "self_neglect", "mental_health"];
const TYPES = ["sar", "dhr", "cspr", "rapid_review", "si", "mhhr", "other"];

/** A small deterministic generator (mulberry32), so the records are the same in every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, "0");
const dateIn = (year: number, next: () => number) => `${year}-${pad(1 + Math.floor(next() * 12))}-${pad(1 + Math.floor(next() * 28))}`;

export function validRecord(i: number): Record<string, unknown> {
  const next = generator(i + 1);
  const type = TYPES[i % TYPES.length]!;
  const closed = i % 3 === 0;
  const record: Record<string, unknown> = {
    status: closed ? "closed" : "open",
    date_added: dateIn(2025, next),
    designated_professional: "Designated Nurse, Safeguarding Adults",
    designated_professional_initials: ["AB", "JS", "KLM", "ABCD"][i % 4],
    safeguarding_partnership: "Example Safeguarding Adults Board",
    steis_or_local_id: `2025/${String(10000 + i)}`,
    review_type: type,
    incident_date: dateIn(2024, next),
    brief_overview: "Fictional case for the benchmark: adult with care and support needs, known to several services.",
    themes: [THEMES[i % THEMES.length]!, THEMES[(i + 3) % THEMES.length]!],
    media_interest: i % 5 === 0 ? "yes" : "no",
  };
  if (closed) record.date_closed = dateIn(2026, next).replace(/-1[1-2]-/, "-10-");
  if (type === "other") record.review_type_other = "Joint targeted area inspection";
  if (type === "dhr") record.icb_chief_nurse_assured = "yes";
  if (i % 2 === 0) {
    record.latest_update = "Panel met; chronology requested from every agency.";
    record.date_of_update = dateIn(2026, next).replace(/-1[1-2]-/, "-10-");
  }
  if (i % 4 === 0) {
    record.date_report_signed_off = "2026-06-01";
    record.publication_date = "2026-07-01";
    record.report_link = "https://www.example.org/reports/review.pdf";
  }
  return record;
}

/** One mistake per record, in turn: each kind a validator must catch. */
const MISTAKES: ((r: Record<string, unknown>) => void)[] = [
  (r) => delete r.designated_professional, // required answer missing
  (r) => (r.incident_date = "2026-02-30"), // no such date
  (r) => (r.date_added = "2027-01-05"), // after today
  (r) => (r.designated_professional_initials = "j.s."), // pattern
  (r) => (r.review_type = "inquest"), // not a choice
  (r) => (r.report_link = "http://example.org/report"), // scheme not allowed
  (r) => ((r.status = "closed"), delete r.date_closed), // required when closed
  (r) => (r.date_added = "2023-01-01"), // before the incident date
];

export function invalidRecord(i: number): Record<string, unknown> {
  const r = validRecord(i);
  MISTAKES[i % MISTAKES.length]!(r);
  return r;
}

export const MISTAKE_COUNT = MISTAKES.length;

export function benchRecords(count: number): { valid: Record<string, unknown>[]; invalid: Record<string, unknown>[] } {
  return { valid: Array.from({ length: count }, (_, i) => validRecord(i)), invalid: Array.from({ length: count }, (_, i) => invalidRecord(i)) };
}
