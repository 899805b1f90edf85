/**
 * A version whose layout is `pages` (the action-plan example) is filled in from a task list,
 * one page per section, in Chromium against the real tracker: statuses, a section page that
 * checks only its own questions, a conditional reveal inside it, Back/Forward and reload
 * keeping the answers, a "Change" link from Check your answers opening the right page, saving,
 * and one section completed with the keyboard alone. axe finds nothing at 1280 and 375 px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { byText, focused, pathOf, summaryValue, tabAndChooseRadio, tabAndType, tabAndTypeDate, tabTo, typeDate, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 240_000 };
const PLAN_URL = "/c/action-plan";
const ADD = "Add a case";
const PLAN = "Plan details";
const ACTIONS = "Recommendations and actions";

let web: WebTracker;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
});
afterAll(async () => {
  await web?.close();
});

/** No axe violations at 1280 px and at 375 px; then screenshots. */
async function checkState(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), `${name} at 1280 px`).toEqual([]);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 375, height: 812 });
  try {
    expect(await axeViolations(page), `${name} at 375 px`).toEqual([]);
  } finally {
    await page.setViewportSize(size);
  }
  await screenshots(page, name);
}

/** Each section on the task list with its status, as shown. */
async function statuses(page: Page): Promise<Record<string, string>> {
  const items = page.locator(".nhsuk-task-list .nhsuk-task-list__item");
  await items.first().waitFor();
  const out: Record<string, string> = {};
  for (const item of await items.all()) {
    const name = (await item.locator(".nhsuk-task-list__name-and-hint > :first-child").innerText()).trim();
    out[name] = (await item.locator(".nhsuk-task-list__status .nhsuk-tag").innerText()).trim();
  }
  return out;
}

function step(page: Page): { step: string | null; section: string | null } {
  const params = new URL(page.url()).searchParams;
  return { step: params.get("step"), section: params.get("section") };
}

/** The messages the version's validator gives for these answers, for these items (the server's own check). */
async function messagesFor(page: Page, data: Record<string, unknown>, paths: string[]): Promise<string[]> {
  const csrf = await page.evaluate(async () => ((await (await fetch("/auth/me")).json()) as { csrfToken: string }).csrfToken);
  const res = await page.request.post(`/api/collections/action-plan/validate`, { data: { data }, headers: { "x-csrf-token": csrf } });
  const body = (await res.json()) as { errors: { path: string; message: string }[] };
  return body.errors.filter((e) => paths.includes(e.path)).map((e) => e.message);
}

async function serverDrafts(page: Page): Promise<string> {
  const res = await page.request.get("/api/drafts");
  return JSON.stringify(await res.json());
}

describe("sections shown as pages with a task list", () => {
  it("starts from the task list, checks one section per page, keeps answers through Back, Forward and reload, changes from Check your answers and saves", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc", `${PLAN_URL}/new`);
    await waitForHeading(page, ADD);

    // The task list: every section not yet started (a new plan's default status does not count).
    expect(await statuses(page)).toEqual({ [PLAN]: "Not yet started", [ACTIONS]: "Not yet started" });
    expect(await page.locator("#task-list-progress").innerText()).toBe("You have completed 0 of 2 sections.");
    expect(await page.locator("form.app-case-form").count()).toBe(0);
    expect(await page.locator(".nhsuk-grid-column-two-thirds .nhsuk-task-list").count()).toBe(1);
    await checkState(page, "section-pages-task-list");

    // Checking the answers now names the sections still to do, linking to them on the list.
    await page.getByRole("button", { name: "Check your answers" }).click();
    const tasksSummary = page.locator(".nhsuk-error-summary");
    await tasksSummary.waitFor();
    expect(await tasksSummary.getByRole("link").allInnerTexts()).toEqual(["Complete the plan details section", "Complete the recommendations and actions section"]);
    await expect.poll(async () => (await focused(page)).classes).toContain("nhsuk-error-summary");
    await expect.poll(() => page.title()).toMatch(/^Error: Add a case - /);
    await tasksSummary.getByRole("link", { name: "Complete the plan details section" }).click();
    expect((await focused(page)).id).toBe("task-plan");
    await checkState(page, "section-pages-task-list-errors");

    // The plan's page: its own history entry, only its questions, a Back link.
    await page.getByRole("link", { name: PLAN, exact: true }).click();
    await waitForHeading(page, new RegExp(PLAN));
    expect(step(page)).toEqual({ step: "section", section: "plan" });
    await expect.poll(() => page.title()).toMatch(/^Plan details - Add a case - /);
    const form = page.locator("form.app-case-form");
    expect(await form.locator("#root_review_reference").count()).toBe(1);
    expect(await form.locator("#root_recommendations-add, [id^='root_recommendations_']").count()).toBe(0);
    expect(await page.locator(".nhsuk-back-link").count()).toBe(1);
    // The page's heading is the section's title, not repeated above the questions.
    expect(await page.getByRole("heading", { name: PLAN }).count()).toBe(1);
    await checkState(page, "section-pages-section");

    // Saving it with a gap: only this section's problems, with the version's own messages.
    await form.getByLabel("Review reference", { exact: true }).fill("SAR-2026-07");
    await page.getByRole("button", { name: "Save and continue" }).click();
    const summary = page.locator("#error-summary");
    await summary.waitFor();
    await expect.poll(async () => (await focused(page)).id).toBe("error-summary");
    const expected = await messagesFor(page, { review_reference: "SAR-2026-07", plan_status: "open" }, ["/accountable_role", "/plan_agreed_date", "/target_completion_date"]);
    expect(expected).toHaveLength(3);
    expect(await summary.getByRole("link").allInnerTexts()).toEqual(expected);
    // The other section's problem (no recommendations yet) is not this page's.
    expect(await summary.innerText()).not.toMatch(/recommendation/i);
    await expect.poll(() => page.title()).toMatch(/^Error: Plan details - Add a case - /);
    expect(step(page)).toEqual({ step: "section", section: "plan" });
    await checkState(page, "section-pages-section-errors");

    // A conditional reveal inside the section: "Closed" shows the closing date under it.
    await form.getByLabel("Closed", { exact: true }).check();
    await page.locator(".nhsuk-radios__conditional #root_date_closed-day").waitFor();
    await checkState(page, "section-pages-section-reveal");
    await form.getByLabel("Open", { exact: true }).check();
    await expect.poll(() => page.locator("#root_date_closed-day").count()).toBe(0);

    await form.getByLabel("Accountable role", { exact: true }).fill("Director of Nursing");
    await typeDate(page, "root_plan_agreed_date", { day: "1", month: "10", year: "2026" });
    await typeDate(page, "root_target_completion_date", { day: "31", month: "3", year: "2027" });
    await page.getByRole("button", { name: "Save and continue" }).click();

    // Back on the task list: the plan is completed, the recommendations still to do.
    await waitForHeading(page, ADD);
    expect(step(page)).toEqual({ step: null, section: null });
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Not yet started" });
    expect(await page.locator("#task-list-progress").innerText()).toBe("You have completed 1 of 2 sections.");
    expect(await page.locator(".nhsuk-error-summary").count()).toBe(0);

    // Saving went back in history (as Continue's check step does), so the plan's page is
    // Forward from here, and Back returns to the list: both keep the answers.
    await page.goForward();
    await waitForHeading(page, new RegExp(PLAN));
    expect(step(page)).toEqual({ step: "section", section: "plan" });
    expect(await form.getByLabel("Accountable role", { exact: true }).inputValue()).toBe("Director of Nursing");
    expect(await page.locator("#root_plan_agreed_date-day").inputValue()).toBe("1");
    await page.goBack();
    await waitForHeading(page, ADD);
    expect(await statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Not yet started" });

    // The recommendations' page: typing, then a reload, keeps the answers and the page.
    await page.getByRole("link", { name: ACTIONS, exact: true }).click();
    await waitForHeading(page, new RegExp(ACTIONS));
    expect(step(page)).toEqual({ step: "section", section: "actions" });
    expect(await page.getByText("One entry for each recommendation of the review").count()).toBe(1);
    await page.locator("#root_recommendations_0_owner").fill("Safeguarding team");
    await expect.poll(() => serverDrafts(page), { timeout: 15_000 }).toContain("Safeguarding team");
    await page.reload();
    await waitForHeading(page, new RegExp(ACTIONS));
    expect(step(page)).toEqual({ step: "section", section: "actions" });
    expect(await page.locator("#root_recommendations_0_owner").inputValue()).toBe("Safeguarding team");
    // Back to the list (the Back link) from a reloaded page: the started section is incomplete.
    await page.locator(".nhsuk-back-link").click();
    await waitForHeading(page, ADD);
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Incomplete" });

    await page.getByRole("link", { name: ACTIONS, exact: true }).click();
    await waitForHeading(page, new RegExp(ACTIONS));
    await page.locator("#root_recommendations_0_recommendation").fill("Train ward staff on escalating safeguarding concerns.");
    await typeDate(page, "root_recommendations_0_due_date", { day: "1", month: "2", year: "2027" });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await waitForHeading(page, ADD);
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Completed" });
    expect(await page.locator("#task-list-progress").innerText()).toBe("You have completed 2 of 2 sections.");

    // Check your answers, then "Change" opens the plan's page at the question.
    await page.getByRole("button", { name: "Check your answers" }).click();
    await waitForHeading(page, "Check your answers before saving");
    expect(await summaryValue(page, "Accountable role").innerText()).toBe("Director of Nursing");
    await checkState(page, "section-pages-check");
    await page.locator(".nhsuk-summary-list__row:has(> dt:text-is('Accountable role')) a:has-text('Change')").click();
    await waitForHeading(page, new RegExp(PLAN));
    expect(step(page)).toEqual({ step: "section", section: "plan" });
    await expect.poll(async () => (await focused(page)).id).toBe("root_accountable_role");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Chief Nurse");
    await page.getByRole("button", { name: "Save and continue" }).click();
    // Saving the section returns to where it was opened from: Check your answers.
    await waitForHeading(page, "Check your answers before saving");
    expect(await summaryValue(page, "Accountable role").innerText()).toBe("Chief Nurse");

    await page.getByRole("button", { name: "Save case" }).click();
    await page.waitForURL((url) => /^\/c\/action-plan\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
    const id = pathOf(page).split("/").pop()!;
    const res = await page.request.get(`/api/collections/action-plan/records/${id}`);
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toEqual({
      review_reference: "SAR-2026-07",
      accountable_role: "Chief Nurse",
      plan_status: "open",
      plan_agreed_date: "2026-10-01",
      target_completion_date: "2027-03-31",
      recommendations: [{ owner: "Safeguarding team", recommendation: "Train ward staff on escalating safeguarding concerns.", due_date: "2027-02-01", status: "not_started" }],
    });

    // A "Change" link on the case page opens the edit journey at that question's section page.
    await page.locator(".nhsuk-summary-list__row:has(> dt:text-is('Target completion date')) a:has-text('Change')").click();
    await waitForHeading(page, new RegExp(PLAN));
    expect(step(page)).toEqual({ step: "section", section: "plan" });
    expect(pathOf(page)).toBe(`${PLAN_URL}/${id}/edit`);
    await expect.poll(async () => (await focused(page)).id).toBe("root_target_completion_date-day");
    // Its Back link leads to the task list, every section completed.
    await page.locator(".nhsuk-back-link").click();
    await waitForHeading(page, /Edit case/);
    expect(step(page)).toEqual({ step: null, section: null });
    expect(await statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Completed" });
    await context.close();
    expect(web.problems).toEqual([]);
  });

  it("a refusal from the server (a review reference already used in the ICB) comes back to the task list and to its section's question", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc", `${PLAN_URL}/new`);
    await waitForHeading(page, ADD);
    await page.getByRole("link", { name: PLAN, exact: true }).click();
    await waitForHeading(page, new RegExp(PLAN));
    const form = page.locator("form.app-case-form");
    // The reference the first journey saved: only the server knows it is taken.
    await form.getByLabel("Review reference", { exact: true }).fill("SAR-2026-07");
    await form.getByLabel("Accountable role", { exact: true }).fill("Deputy Chief Nurse");
    await typeDate(page, "root_plan_agreed_date", { day: "2", month: "10", year: "2026" });
    await typeDate(page, "root_target_completion_date", { day: "30", month: "4", year: "2027" });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await waitForHeading(page, ADD);
    await page.getByRole("link", { name: ACTIONS, exact: true }).click();
    await waitForHeading(page, new RegExp(ACTIONS));
    await page.locator("#root_recommendations_0_owner").fill("Named GP");
    await page.locator("#root_recommendations_0_recommendation").fill("Audit referrals from general practice.");
    await typeDate(page, "root_recommendations_0_due_date", { day: "1", month: "3", year: "2027" });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await waitForHeading(page, ADD);
    await page.getByRole("button", { name: "Check your answers" }).click();
    await waitForHeading(page, "Check your answers before saving");
    await page.getByRole("button", { name: "Save case" }).click();

    // Back on the task list: the server's problem named, leading to its section, now incomplete.
    await waitForHeading(page, ADD);
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await summary.getByRole("link").allInnerTexts()).toEqual(["Another action plan in your ICB already has this review reference"]);
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Incomplete", [ACTIONS]: "Completed" });
    await expect.poll(() => page.title()).toMatch(/^Error: Add a case - /);
    await checkState(page, "section-pages-task-list-refused");
    await summary.getByRole("link").click();
    expect((await focused(page)).id).toBe("task-plan");
    await page.keyboard.press("Enter");

    // The section's page shows it on its question.
    await waitForHeading(page, new RegExp(PLAN));
    await page.locator("#error-summary").waitFor();
    expect(await page.locator("#root_review_reference-error").innerText()).toContain("Another action plan in your ICB already has this review reference");
    await form.getByLabel("Review reference", { exact: true }).fill("SAR-2026-08");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await waitForHeading(page, ADD);
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Completed" });
    expect(await page.locator(".nhsuk-error-summary").count()).toBe(0);
    await page.getByRole("button", { name: "Check your answers" }).click();
    await waitForHeading(page, "Check your answers before saving");
    await page.getByRole("button", { name: "Save case" }).click();
    await page.waitForURL((url) => /^\/c\/action-plan\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
    const res = await page.request.get(`/api/collections/action-plan/records/${pathOf(page).split("/").pop()}`);
    expect(((await res.json()) as { data: { review_reference: string } }).data.review_reference).toBe("SAR-2026-08");
    await context.close();
    expect(web.problems).toEqual([]);
  });

  it("keyboard only: opens a section from the task list, answers it and saves it with Tab, arrows, Space, Enter and typing, then keeps the case for later", SLOW, async () => {
    const { page, context } = await web.newUser("icb.nel", `${PLAN_URL}/new`);
    await waitForHeading(page, ADD);
    await tabTo(page, "the plan details link", byText("a", PLAN));
    await page.keyboard.press("Enter");
    await waitForHeading(page, new RegExp(PLAN));
    await tabAndType(page, "root_review_reference", "SAR-2026-KBD");
    await tabAndType(page, "root_accountable_role", "Head of Safeguarding");
    await tabAndChooseRadio(page, "root_plan_status", "closed");
    // The revealed closing date comes next in the tab order, under "Closed".
    await tabAndTypeDate(page, "root_date_closed", { day: "2", month: "11", year: "2026" });
    await tabAndTypeDate(page, "root_plan_agreed_date", { day: "1", month: "9", year: "2026" });
    await tabAndTypeDate(page, "root_target_completion_date", { day: "1", month: "12", year: "2026" });
    await tabTo(page, "the Save and continue button", byText("button", "Save and continue"));
    await page.keyboard.press("Enter");
    await waitForHeading(page, ADD);
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Not yet started" });
    // Focus starts again at the task list's heading.
    expect((await focused(page)).tag).toBe("h1");

    // "Save and come back later" from the task list keeps the answers for the author alone...
    await tabTo(page, "the Save and come back later button", byText("button", "Save and come back later"));
    await page.keyboard.press("Enter");
    await page.getByText("Your answers have been kept as a draft").waitFor();
    expect(pathOf(page)).toBe(PLAN_URL);
    expect(await serverDrafts(page)).toContain("SAR-2026-KBD");
    // ...who carries on with them from the list, at the task list with the plan completed.
    await page.locator(`a[href^="${PLAN_URL}/new?draft="]`).first().click();
    await waitForHeading(page, ADD);
    await expect.poll(() => statuses(page)).toEqual({ [PLAN]: "Completed", [ACTIONS]: "Not yet started" });
    await context.close();
    expect(web.problems).toEqual([]);
  });
});
