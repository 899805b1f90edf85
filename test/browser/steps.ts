/**
 * Steps the browser tests share: filling the S-CRT 2.0 form as a person would (mouse and
 * keyboard), moving around with the keyboard alone, and reading what has focus.
 */
import { expect } from "vitest";
import type { Locator, Page } from "playwright-core";

export const COLLECTION_URL = "/c/s-crt";
export const DHR_LABEL = "Domestic Homicide Review (DHR), including Domestic Abuse Related Death Reviews";
export const ICB_EDITOR_NAME = "Alex Morgan (Lancashire and South Cumbria ICB)";
export const REGIONAL_NAME = "Robin Hughes (NHS England North West)";
export const QE1 = "NHS Lancashire and South Cumbria Integrated Care Board (QE1)";

/** A date as the three boxes of the NHS date input take it. */
export interface DateBoxes {
  day: string;
  month: string;
  year: string;
}

export interface CaseAnswers {
  dateAdded: DateBoxes;
  professional: string;
  initials: string;
  partnership: string;
  identifier: string;
  /** The label of the type of review, as shown. */
  reviewType: string;
  incidentDate: DateBoxes;
  overview: string;
  /** Labels of the abuse/vulnerability themes to tick. */
  themes: string[];
  /** "Yes" or "No". */
  mediaInterest: string;
}

export function dhrCase(identifier: string, overrides: Partial<CaseAnswers> = {}): CaseAnswers {
  return {
    dateAdded: { day: "1", month: "10", year: "2026" },
    professional: "Designated Nurse, Safeguarding Adults",
    initials: "AM",
    partnership: "Lancashire Safeguarding Adults Board",
    identifier,
    reviewType: DHR_LABEL,
    incidentDate: { day: "12", month: "9", year: "2026" },
    overview: "Fictional case for browser tests: domestic homicide of an adult; health contacts in the year before are in scope.",
    themes: ["Domestic abuse, including coercive control", "Mental health"],
    mediaInterest: "No",
    ...overrides,
  };
}

/** Types a date into its three boxes: click the day box, then type and Tab, as people do. */
export async function typeDate(page: Page, fieldId: string, date: DateBoxes): Promise<void> {
  await page.locator(`#${fieldId}-day`).click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(date.day);
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(date.month);
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(date.year);
}

/** The form element of a question, found by its (visible) label: the question the form asks. */
function question(page: Page, label: string): Locator {
  return page.locator("form.app-case-form").getByLabel(label, { exact: true });
}

/** Fills every required question of S-CRT 2.0 with mouse and keyboard. */
export async function fillCase(page: Page, answers: CaseAnswers): Promise<void> {
  const form = page.locator("form.app-case-form");
  await form.getByLabel("Open", { exact: true }).check();
  await typeDate(page, "root_date_added", answers.dateAdded);
  await question(page, "Who is the designated professional leading on the case?").fill(answers.professional);
  await question(page, "What are the designated professional's initials?").fill(answers.initials);
  await question(page, "Which safeguarding partnership or board commissioned the review?").fill(answers.partnership);
  await question(page, "What is the StEIS number or local identifier?").fill(answers.identifier);
  await form.getByLabel(answers.reviewType, { exact: true }).check();
  await typeDate(page, "root_incident_date", answers.incidentDate);
  await question(page, "Give a brief overview of the case").fill(answers.overview);
  const themes = form.getByRole("group", { name: "Which abuse or vulnerability themes apply to the case?" });
  for (const theme of answers.themes) await themes.getByLabel(theme, { exact: true }).check();
  await form.getByRole("group", { name: "Is there media interest in the case?" }).getByLabel(answers.mediaInterest, { exact: true }).check();
}

export async function waitForHeading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

/** The value of one row of a summary list (by its key), within `scope`. */
export function summaryValue(scope: Locator | Page, key: string): Locator {
  return scope.locator(`.nhsuk-summary-list__row:has(> dt:text-is(${JSON.stringify(key)})) > dd.nhsuk-summary-list__value`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface Focused {
  tag: string;
  id: string;
  name: string;
  type: string;
  value: string;
  checked: boolean;
  text: string;
  classes: string;
}

/** What has focus now. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as (HTMLElement & Partial<HTMLInputElement>) | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      id: el?.id ?? "",
      name: el?.getAttribute("name") ?? "",
      type: el?.getAttribute("type") ?? "",
      value: typeof el?.value === "string" ? el.value : "",
      checked: el?.checked === true,
      text: (el?.textContent ?? "").replace(/\s+/g, " ").trim(),
      classes: el?.className ?? "",
    };
  });
}

/** Presses Tab until the focused element is the one wanted (a failure says where focus went). */
export async function tabTo(page: Page, what: string, wanted: (f: Focused) => boolean, max = 300): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (wanted(now)) return now;
    seen.push(`${now.tag}#${now.id}[${now.name}]${now.text.slice(0, 30)}`);
  }
  throw new Error(`Tab never reached ${what}; focus went through: ${seen.slice(-40).join(" | ")}`);
}

export const byId = (id: string) => (f: Focused) => f.id === id;
export const byText = (tag: string, text: string) => (f: Focused) => f.tag === tag && f.text === text;

/** Tabs to a text box and types into it (replacing what it held). */
export async function tabAndType(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, `#${id}`, byId(id));
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

/**
 * Tabs into a radio group (named `name`) and chooses `value` with the arrow keys (or Space
 * for the option Tab lands on), as a keyboard user does.
 */
export async function tabAndChooseRadio(page: Page, name: string, value: string): Promise<void> {
  let now = await tabTo(page, `radio group ${name}`, (f) => f.name === name && f.type === "radio");
  for (let i = 0; i < 30 && now.value !== value; i++) {
    await page.keyboard.press("ArrowDown");
    now = await focused(page);
  }
  expect(now.value, `option ${value} of ${name}`).toBe(value);
  if (!now.checked) await page.keyboard.press("Space");
  expect((await focused(page)).checked).toBe(true);
}

/** Tabs to a date question's boxes and types the date. */
export async function tabAndTypeDate(page: Page, fieldId: string, date: DateBoxes): Promise<void> {
  await tabAndType(page, `${fieldId}-day`, date.day);
  await tabAndType(page, `${fieldId}-month`, date.month);
  await tabAndType(page, `${fieldId}-year`, date.year);
}

/** Path of the page (without origin). */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** A draft as the server holds it for its author (GET /api/drafts). */
export interface ServerDraft {
  key: string;
  recordId: string | null;
  data: Record<string, unknown>;
}

/** The drafts of the page's (or browser's) user as the server holds them. */
export async function serverDrafts(page: Pick<Page, "request">): Promise<ServerDraft[]> {
  const res = await page.request.get("/api/drafts");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: ServerDraft[] }).items;
}

/**
 * Discards every draft the user holds, so that answers left by a test before (or by a failed
 * try of this one) are not offered where the test expects the form.
 */
export async function discardServerDrafts(page: Pick<Page, "request">): Promise<void> {
  const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
  for (const draft of await serverDrafts(page)) {
    const res = await page.request.delete(`/api/collections/s-crt/drafts/${encodeURIComponent(draft.key)}`, { headers: { "x-csrf-token": me.csrfToken } });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }
  expect(await serverDrafts(page)).toEqual([]);
}
