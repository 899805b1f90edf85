/**
 * The case page as a place to work from, in Chromium against the real tracker: its header
 * facts and back link, the closing journey (an action asking only its questions), the region's
 * list of DHRs awaiting acceptance and recording it, and the page printed to PDF. Accessibility
 * (axe, 1280 and 375 px) on each new page. The tests share one tracker and run in order; each
 * user's browser is signed in once (web.sharedUser), and each test starts from an address.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { pdfText } from "./pdf-text.ts";
import { COLLECTION_URL, DHR_LABEL, ICB_EDITOR_NAME, QE1, REGIONAL_NAME, escapeRegExp, pathOf, summaryValue, typeDate, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
const LSC_DHR = "CP-LSC-DHR-0001";
const NEL_DHR = "CP-NEL-DHR-0001";
const ACCEPTANCE = "Regional Chief Nurse content to accept DHR health recommendations";
const ACCEPTANCE_QUESTION = "Is the regional Chief Nurse content to accept the review's health recommendations\\?";

let web: WebTracker;
const urls: Record<string, string> = {};

/** A valid open DHR of S-CRT 2.0 (as of 21 November 2026). */
function dhr(identifier: string): Record<string, unknown> {
  return {
    status: "open",
    date_added: "2026-10-01",
    designated_professional: "Designated Nurse, Safeguarding Adults",
    designated_professional_initials: "AM",
    safeguarding_partnership: "Example Community Safety Partnership",
    steis_or_local_id: identifier,
    review_type: "dhr",
    incident_date: "2026-09-12",
    brief_overview: "Fictional case for browser tests of the case page.",
    themes: ["domestic"],
    media_interest: "no",
  };
}

/** Adds a case through the API with the page's (or browser's) own session, as the web app would. */
async function createCase(page: Pick<Page, "request">, data: Record<string, unknown>): Promise<string> {
  const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
  const res = await page.request.post("/api/collections/s-crt/records", { data: { data }, headers: { "x-csrf-token": me.csrfToken } });
  expect(res.status(), await res.text()).toBe(201);
  return `${COLLECTION_URL}/${((await res.json()) as { id: string }).id}`;
}

async function stored(page: Page, url: string): Promise<Record<string, unknown>> {
  const res = await page.request.get(`/api/collections/s-crt/records/${url.split("/").pop()}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

/** axe at desktop and phone widths; the viewport is put back afterwards. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page), "at 1280 px").toEqual([]);
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await axeViolations(page), "at 375 px").toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The names of the form's inputs, each once. */
async function inputNames(page: Page): Promise<string[]> {
  const names = await page.locator("form.app-case-form").locator("input, textarea, select").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name || e.id));
  return [...new Set(names)];
}

const facts = (page: Page) => page.locator(".app-case-facts");
const banner = (page: Page) => page.locator(".nhsuk-notification-banner--success");

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  // Each ICB's editor adds its case through the API, in their own session.
  for (const [username, key, identifier] of [["icb.lsc", "lsc", LSC_DHR], ["icb.nel", "nel", NEL_DHR]] as const) {
    const editor = await web.newApiUser(username);
    urls[key] = await createCase(editor, dhr(identifier));
    await editor.close();
  }
});
afterAll(async () => {
  await web?.close();
});

describe("the case page", () => {
  it("opens with a back link, then the case's identifier, type, status tag, ICB, completeness and last update; Change links only for what the user may write", SLOW, async () => {
    const page = await web.sharedUser("icb.lsc", urls.lsc!);
    await waitForHeading(page, new RegExp(LSC_DHR));

    // The back link comes first in the page's content, before the heading.
    const main = page.locator("main");
    const firstLink = main.locator("a").first();
    expect(await firstLink.innerText()).toBe("Back to all cases");
    expect(await firstLink.getAttribute("class")).toContain("nhsuk-back-link");
    expect(await firstLink.getAttribute("href")).toBe(COLLECTION_URL);
    expect(await main.locator("h1 .nhsuk-caption-l").innerText()).toContain(DHR_LABEL);

    const status = summaryValue(facts(page), "Case open/closed status").locator(".nhsuk-tag");
    expect(await status.innerText()).toBe("Open");
    expect(await status.getAttribute("class")).toBe("nhsuk-tag nhsuk-tag--blue");
    expect(await summaryValue(facts(page), "ICB").innerText()).toBe(QE1);
    expect(await summaryValue(facts(page), "Completeness").innerText()).toBe("Complete");
    expect(await summaryValue(facts(page), "Last updated").innerText()).toMatch(new RegExp(`^\\d{1,2} \\w+ \\d{4} at \\d{1,2}(:\\d{2})?[ap]m by ${escapeRegExp(ICB_EDITOR_NAME)}$`));
    expect(await banner(page).count()).toBe(0);

    // What the user may do, as the server says: close it, or edit it; not the region's action.
    expect(await page.getByRole("link", { name: "Close this case" }).getAttribute("class")).toBe("nhsuk-button");
    expect(await page.getByRole("link", { name: "Edit case" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Record regional acceptance" }).count()).toBe(0);
    // Change links go to the edit page at the field; the region's item has none for the ICB.
    const change = page.getByRole("link", { name: "Change Brief overview" });
    expect(await change.getAttribute("href")).toBe(`${urls.lsc}/edit#root_brief_overview`);
    expect(await page.getByRole("link", { name: `Change ${ACCEPTANCE}` }).count()).toBe(0);
    // A read-only page: no form hints.
    expect(await main.locator(".nhsuk-hint").count()).toBe(0);

    await expectAccessible(page);
    await screenshots(page, "case-page");

    // A viewer gets the same facts and no actions or Change links at all.
    const viewer = await web.newUser("icb.lsc.viewer", urls.lsc!);
    await waitForHeading(viewer.page, new RegExp(LSC_DHR));
    expect(await viewer.page.getByRole("link", { name: /^Change / }).count()).toBe(0);
    expect(await viewer.page.locator("main .nhsuk-button").count()).toBe(0);
    await viewer.context.close();

    // "Change" opens the edit page at that question, ready to type.
    await change.click();
    await waitForHeading(page, /Edit case/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("root_brief_overview");
  });

  it("an ICB editor closes the case on a page that asks only the closing questions, and the banner and tag say it is closed", SLOW, async () => {
    const page = await web.sharedUser("icb.lsc", urls.lsc!);
    await waitForHeading(page, new RegExp(LSC_DHR));
    await page.getByRole("link", { name: "Close this case" }).click();
    await waitForHeading(page, /Close this case/);
    expect(pathOf(page)).toBe(`${urls.lsc}/actions/close`);
    await expect.poll(() => page.title()).toBe("Close this case - Safeguarding Case Review Tracker - NHS England");
    expect(await page.locator("main a.nhsuk-back-link").getAttribute("href")).toBe(urls.lsc);
    // Only the action's questions: the date closed (three boxes), the latest update and its date.
    expect(await inputNames(page)).toEqual([
      "root_date_closed-day",
      "root_date_closed-month",
      "root_date_closed-year",
      "root_latest_update",
      "root_date_of_update-day",
      "root_date_of_update-month",
      "root_date_of_update-year",
    ]);
    expect(await page.locator("form.app-case-form").getByText("Brief overview").count()).toBe(0);

    // Without the date it closed: the error is on the field, from the definition's message.
    await page.getByRole("button", { name: "Close this case" }).click();
    const summary = page.locator("#error-summary");
    await summary.waitFor();
    expect(await summary.getByRole("link").allInnerTexts()).toEqual(["Enter the date the case was closed"]);
    expect(await page.locator("#root_date_closed-error").innerText()).toContain("Enter the date the case was closed");
    await expectAccessible(page);
    await screenshots(page, "case-action-close-error");

    await typeDate(page, "root_date_closed", { day: "20", month: "11", year: "2026" });
    await page.locator("#root_latest_update").fill("Review concluded; action plan handed to the partnership.");
    await typeDate(page, "root_date_of_update", { day: "20", month: "11", year: "2026" });
    await page.getByRole("button", { name: "Close this case" }).click();

    await page.waitForURL((url) => url.pathname === urls.lsc);
    await banner(page).waitFor();
    expect(await banner(page).innerText()).toContain(`Case ${LSC_DHR} closed`);
    const status = summaryValue(facts(page), "Case open/closed status").locator(".nhsuk-tag");
    expect(await status.innerText()).toBe("Closed");
    expect(await status.getAttribute("class")).toBe("nhsuk-tag nhsuk-tag--grey");
    expect(await page.getByRole("link", { name: "Close this case" }).count()).toBe(0);
    expect(await stored(page, urls.lsc!)).toMatchObject({ status: "closed", date_closed: "2026-11-20", date_of_update: "2026-11-20", brief_overview: "Fictional case for browser tests of the case page." });
    await expectAccessible(page);
    await screenshots(page, "case-page-closed");

    // The action is no longer offered: its address says so rather than showing the form.
    await page.goto(`${urls.lsc}/actions/close`);
    await waitForHeading(page, "You cannot view this page");
    expect(await page.locator("form.app-case-form").count()).toBe(0);
  });

  it("an action page names problems elsewhere in the case with a link to edit it, and after a conflicting change keeps what was typed on the latest version", SLOW, async () => {
    // A case stored without its overview (as a migrated record may be), so it fails its version.
    const { store } = web.tracker.context;
    const author = (await store.getUserByUsername("icb.lsc"))!;
    // A SAR, so that the region's list (next test) is not concerned with it.
    const full: Record<string, unknown> = { ...dhr("CP-LSC-INCOMPLETE"), review_type: "sar" };
    const { brief_overview: _left, ...data } = full;
    const written = await store.createRecord({
      collection: "s-crt", version: "2.0", ownerOrg: "QE1", data, userId: author.id, complete: false, missing: ["/brief_overview"],
      unique: [{ item: "steis_or_local_id", value: "CP-LSC-INCOMPLETE", ignoreCase: true, within: "owner" }],
    });
    if (written.kind !== "ok") throw new Error(written.kind);
    const url = `${COLLECTION_URL}/${written.record.id}`;

    const page = await web.sharedUser("icb.lsc", url);
    await waitForHeading(page, /CP-LSC-INCOMPLETE/);
    expect((await summaryValue(facts(page), "Completeness").innerText()).replace(/\n+/g, "\n")).toBe("Incomplete\n1 required answer missing:\nBrief overview");

    await page.getByRole("link", { name: "Close this case" }).click();
    await waitForHeading(page, /Close this case/);
    await typeDate(page, "root_date_closed", { day: "20", month: "11", year: "2026" });
    await page.getByRole("button", { name: "Close this case" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await summary.getByRole("heading").innerText()).toBe("Other answers in this case need changing first");
    expect(await summary.innerText()).toContain("Brief overview: ");
    expect(await summary.getByRole("link", { name: "Edit the case" }).getAttribute("href")).toBe(`${url}/edit`);
    await expect.poll(() => page.title()).toMatch(/^Error: Close this case/);
    expect((await stored(page, url)).status).toBe("open");
    await expectAccessible(page);
    await screenshots(page, "case-action-problems-elsewhere");

    // Another case: someone else saves it while its close page is open; the conflict page shows
    // their change and carries the typed closing date onto the latest version, without retyping.
    const conflictUrl = await createCase(page, { ...dhr("CP-LSC-CONFLICT"), review_type: "sar" });
    await page.goto(`${conflictUrl}/actions/close`);
    await waitForHeading(page, /Close this case/);
    const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
    const other = await page.request.put(`/api/collections/s-crt/records/${conflictUrl.split("/").pop()}`, {
      data: { data: { ...dhr("CP-LSC-CONFLICT"), review_type: "sar", latest_update: "Changed in another tab.", date_of_update: "2026-11-21" } },
      headers: { "x-csrf-token": me.csrfToken, "if-match": '"1"' },
    });
    expect(other.status()).toBe(200);
    await typeDate(page, "root_date_closed", { day: "20", month: "11", year: "2026" });
    await page.getByRole("button", { name: "Close this case" }).click();
    await waitForHeading(page, "Someone else has changed this case");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect((await stored(page, conflictUrl)).status).toBe("open");
    const theirs = page.locator("table").filter({ has: page.locator("caption", { hasText: /changed$/ }) });
    expect(await theirs.innerText()).toContain("Changed in another tab.");
    await expectAccessible(page);
    await screenshots(page, "case-action-conflict");
    await page.getByRole("button", { name: "Add my changes to the latest version" }).click();
    await waitForHeading(page, /Close this case/);
    await page.getByText("This is the latest version of the case, with the other person's changes and your answers added.").waitFor();
    // The other person's answer, and the closing date typed before the conflict, both there.
    expect(await page.locator("#root_latest_update").inputValue()).toBe("Changed in another tab.");
    expect(await page.locator("#root_date_closed-day").inputValue()).toBe("20");
    expect(await page.locator("#root_date_closed-year").inputValue()).toBe("2026");
    await page.getByRole("button", { name: "Close this case" }).click();
    await page.waitForURL((u) => u.pathname === conflictUrl);
    expect(await banner(page).innerText()).toContain("Case CP-LSC-CONFLICT closed");
    expect(await stored(page, conflictUrl)).toMatchObject({ status: "closed", date_closed: "2026-11-20", latest_update: "Changed in another tab." });
  });

  it("a regional user finds the DHRs awaiting their acceptance from the case list (North West only), records it, and the case leaves the list", SLOW, async () => {
    const page = await web.sharedUser("region.nw", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    const inset = page.locator(".nhsuk-inset-text").filter({ hasText: "DHRs awaiting regional acceptance" });
    await inset.waitFor();
    expect(await inset.innerText()).toContain("DHRs awaiting regional acceptance: 1 case");
    await inset.getByRole("link", { name: "DHRs awaiting regional acceptance" }).click();
    await waitForHeading(page, "DHRs awaiting regional acceptance");
    expect(pathOf(page)).toBe(`${COLLECTION_URL}/actions/regional_acceptance`);
    expect(await page.getByRole("status").innerText()).toBe("1 case waiting for you.");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getByRole("link", { name: LSC_DHR, exact: true }).count()).toBe(1);
    expect(await page.getByText(NEL_DHR).count()).toBe(0);
    // The status is a tag, as on the case list (the collection's declared record status; closed by the test above).
    expect(await rows.first().locator("strong.nhsuk-tag").innerText()).toBe("Closed");
    await expectAccessible(page);
    await screenshots(page, "action-list-regional-acceptance");

    await rows.first().getByRole("link", { name: `Record regional acceptance for ${LSC_DHR}` }).click();
    await waitForHeading(page, /Record regional acceptance/);
    expect(await inputNames(page)).toEqual(["root_regional_chief_nurse_accepted"]);
    // Which case it is, in brief: its type and its ICB.
    expect(await summaryValue(page, "Type of review").innerText()).toBe(DHR_LABEL);
    expect(await summaryValue(page, "ICB").innerText()).toBe(QE1);
    const question = page.getByRole("group", { name: new RegExp(`^${ACCEPTANCE_QUESTION}`) });
    await expectAccessible(page);
    await screenshots(page, "case-action-regional-acceptance");
    await question.getByLabel("Yes", { exact: true }).check();
    await page.getByRole("button", { name: "Record regional acceptance" }).click();

    await page.waitForURL((url) => url.pathname === urls.lsc);
    await banner(page).waitFor();
    expect(await banner(page).innerText()).toContain(`Regional acceptance recorded for case ${LSC_DHR}`);
    expect(await summaryValue(page, ACCEPTANCE).innerText()).toBe("Yes");
    expect(await summaryValue(facts(page), "Last updated").innerText()).toContain(`by ${REGIONAL_NAME}`);
    expect(await stored(page, urls.lsc!)).toMatchObject({ regional_chief_nurse_accepted: "yes", status: "closed" });

    await page.goto(`${COLLECTION_URL}/actions/regional_acceptance`);
    await waitForHeading(page, "DHRs awaiting regional acceptance");
    expect(await page.getByRole("status").innerText()).toBe("Nothing is waiting for you.");
    expect(await page.locator("table").count()).toBe(0);
    await page.goto(COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await page.locator("tbody tr").first().waitFor();
    // No notice of cases waiting (the saved view of the same name stays offered above the list).
    expect(await page.locator(".nhsuk-inset-text").filter({ hasText: "DHRs awaiting regional acceptance" }).count()).toBe(0);
  });

  it("an ICB user has no list of DHRs awaiting acceptance, and cannot open another ICB's case's action", SLOW, async () => {
    const page = await web.sharedUser("icb.lsc", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await page.locator("tbody tr").first().waitFor();
    expect(await page.getByText("DHRs awaiting regional acceptance").count()).toBe(0);
    await page.goto(`${urls.nel}/actions/close`);
    await waitForHeading(page, "Case not found");
    expect(await page.locator("body").innerText()).not.toContain(NEL_DHR);
  });

  it("prints as OFFICIAL-SENSITIVE with who printed it and when, without navigation, buttons, back or Change links", SLOW, async () => {
    const page = await web.sharedUser("region.nw", urls.lsc!);
    await waitForHeading(page, new RegExp(LSC_DHR));
    await page.emulateMedia({ media: "print" });
    const markings = page.getByText("OFFICIAL-SENSITIVE", { exact: true });
    expect(await markings.count()).toBe(2);
    for (const marking of await markings.all()) expect(await marking.isVisible()).toBe(true);
    const printed = page.getByText(new RegExp(`^Printed \\d{1,2} \\w+ \\d{4} at .+ by ${escapeRegExp(REGIONAL_NAME)}$`));
    expect(await printed.isVisible()).toBe(true);
    expect(await page.getByRole("heading", { level: 1, name: new RegExp(LSC_DHR) }).isVisible()).toBe(true);
    for (const hidden of [page.getByRole("button", { name: "Sign out" }), page.locator(".nhsuk-header"), page.locator(".nhsuk-footer"), page.getByRole("link", { name: "Back to all cases" }), page.getByRole("link", { name: "Record regional acceptance" })]) {
      expect(await hidden.isVisible()).toBe(false);
    }
    // The region's Change link is in the page, but not on paper.
    const changeLinks = page.locator(".nhsuk-summary-list__actions a");
    expect(await changeLinks.count()).toBe(1);
    expect(await changeLinks.isVisible()).toBe(false);

    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const out = join(PROJECT_ROOT, "test/output");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "case-page.pdf"), pdf);

    // What is on paper, read back from the PDF: the marking, the case, who printed it and when, the answers.
    const { text, pages } = await pdfText(pdf);
    const flat = text.replace(/\s+/g, " ");
    const today = await page.evaluate(() => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(new Date()));
    expect(pages[0]!.split("\n")[0], "the marking heads the first page").toBe("OFFICIAL-SENSITIVE");
    expect(flat).toContain(LSC_DHR);
    expect(flat).toMatch(new RegExp(`Printed ${escapeRegExp(today)} at \\d{1,2}:\\d{2}[ap]m by ${escapeRegExp(REGIONAL_NAME)}`));
    for (const answer of [DHR_LABEL, "Designated Nurse, Safeguarding Adults", "Example Community Safety Partnership", "Fictional case for browser tests of the case page.", "12 September 2026", "1 October 2026", QE1]) {
      expect(flat, `the answer ${answer}`).toContain(answer);
    }
    // Nothing to click or navigate by: no header, navigation, buttons, links to act, phase banner or footer.
    const header = ["Skip to main content", "Sign out", "Cases", "Dashboard", "Learning library", "Extract", "Owner queue"];
    const actions = ["Change", "Edit case", "Close this case", "Record regional acceptance", "Back to all cases", "View history"];
    const frame = ["Beta", "This is a new service", "give your feedback", "Accessibility statement", "Privacy notice", "Contact us", "© NHS England"];
    for (const words of [...header, ...actions, ...frame]) expect(flat, `${words} on paper`).not.toMatch(new RegExp(`(^|[^\\w])${escapeRegExp(words)}([^\\w]|$)`));
    // On screen, neither the marking nor the printing line shows.
    await page.emulateMedia({ media: "screen" });
    expect(await markings.first().isVisible()).toBe(false);
    expect(await printed.isVisible()).toBe(false);
  });

  it("saw no console errors, page errors or Content-Security-Policy violations", () => {
    expect(web.problems).toEqual([]);
  });
});
