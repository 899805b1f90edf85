/**
 * The case editor never loses an answer (issue 12): Back and Forward move between the form
 * and "Check your answers"; a reload keeps the answers; leaving with unsaved changes asks
 * first; an ended session at save keeps the answers and saves after signing in again; the
 * answers come back in another browser for the same user (and never appear for anyone else);
 * "Save and come back later" keeps an unfinished case. Real server, real SQLite, Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, dhrCase, discardServerDrafts, fillCase, serverDrafts, summaryValue, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 240_000 };
/** The form step's heading exactly (the question about unsaved changes has "Add a case" as its caption). */
const ADD = /^Add a case$/;
const EDIT = /Edit case$/;
let web: WebTracker;
/**
 * The author's browser (icb.lsc), signed in once for the file. Each test works in a tab of its
 * own (authorTab): the editor keeps typed answers in the tab's sessionStorage, which a new tab
 * starts without, as a new browser does; where a test needs another browser, it signs in anew.
 */
let author: BrowserContext | undefined;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  // A second editor in the same ICB as icb.lsc: same organisation and role, never the author.
  await web.tracker.context.store.ensureUser({ username: "icb.lsc.second", displayName: "Sam Second", role: "icb_editor", orgCode: "QE1", source: "demo" });
}, 120_000);
afterAll(async () => {
  await author?.close();
  await web?.close();
});

const overview = (page: Page) => page.locator("form.app-case-form").getByLabel("Give a brief overview of the case", { exact: true });
const identifier = (page: Page) => page.locator("form.app-case-form").getByLabel("What is the StEIS number or local identifier?", { exact: true });

/** No axe violations at desktop and phone widths, then screenshots of both. */
async function checkState(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), `${name} at 1280 px`).toEqual([]);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await axeViolations(page), `${name} at 375 px`).toEqual([]);
  await page.setViewportSize(size);
  await screenshots(page, name);
}

/** Waits until the server holds a draft whose answers include `text` (the autosave has run). */
async function waitForServerDraft(page: Page, text: string): Promise<void> {
  await expect.poll(async () => JSON.stringify(await serverDrafts(page)), { timeout: 15_000 }).toContain(text);
}

/**
 * A new tab of the author's browser at `path`, with none of their drafts left on the server.
 * The browser is signed in again first when a test before has ended its session.
 */
async function authorTab(path: string): Promise<Page> {
  if (author && (await author.request.get("/auth/me")).status() !== 200) {
    await author.close();
    author = undefined;
  }
  author ??= await web.newApiUser("icb.lsc");
  await discardServerDrafts(author);
  const page = await author.newPage();
  await page.goto(path);
  return page;
}

/** A new case begun in a tab of the author's browser, its answers kept on the server as a draft. */
async function startedDraft(id: string, overviewText: string): Promise<Page> {
  const page = await authorTab(`${COLLECTION_URL}/new`);
  await waitForHeading(page, ADD);
  await identifier(page).fill(id);
  await overview(page).fill(overviewText);
  await waitForServerDraft(page, overviewText);
  return page;
}

describe("the case editor keeps every answer", () => {
  it("Back and Forward move between the form and Check your answers, keeping the answers; a reload keeps them too", SLOW, async () => {
    const page = await authorTab(`${COLLECTION_URL}/new`);
    await waitForHeading(page, ADD);
    // The form sits in the two-thirds column.
    expect(await page.locator(".nhsuk-grid-row > .nhsuk-grid-column-two-thirds form.app-case-form").count()).toBe(1);
    await fillCase(page, dhrCase("2026/HIST-1"));
    await page.getByRole("button", { name: "Continue" }).click();
    await waitForHeading(page, "Check your answers before saving");
    expect(new URL(page.url()).searchParams.get("step")).toBe("check");
    expect(await summaryValue(page, "StEIS Number/Local Identifier").innerText()).toBe("2026/HIST-1");

    await page.goBack();
    await waitForHeading(page, ADD);
    expect(new URL(page.url()).pathname).toBe(`${COLLECTION_URL}/new`);
    expect(await identifier(page).inputValue()).toBe("2026/HIST-1");
    expect(await overview(page).inputValue()).toMatch(/^Fictional case for browser tests/);

    await page.goForward();
    await waitForHeading(page, "Check your answers before saving");
    expect(await summaryValue(page, "StEIS Number/Local Identifier").innerText()).toBe("2026/HIST-1");

    // A change made after going back shows on Check your answers when going forward again.
    await page.goBack();
    await waitForHeading(page, ADD);
    await identifier(page).fill("2026/HIST-2");
    await page.goForward();
    await waitForHeading(page, "Check your answers before saving");
    expect(await summaryValue(page, "StEIS Number/Local Identifier").innerText()).toBe("2026/HIST-2");

    // A reload of Check your answers keeps the answers (and the step).
    await page.reload();
    await waitForHeading(page, "Check your answers before saving");
    expect(await summaryValue(page, "StEIS Number/Local Identifier").innerText()).toBe("2026/HIST-2");
    // And of the form.
    await page.goBack();
    await waitForHeading(page, ADD);
    await overview(page).fill("Reloaded overview: nothing typed is lost.");
    await waitForServerDraft(page, "Reloaded overview");
    await page.reload();
    await waitForHeading(page, ADD);
    expect(await overview(page).inputValue()).toBe("Reloaded overview: nothing typed is lost.");
    expect(await identifier(page).inputValue()).toBe("2026/HIST-2");
    await page.getByText(/These are your unsaved answers from \d\d:\d\d/).waitFor();
    await checkState(page, "editor-restored-after-reload");

    await page.getByRole("button", { name: "Continue" }).click();
    await waitForHeading(page, "Check your answers before saving");
    await page.getByRole("button", { name: "Save case" }).click();
    await page.getByText(/^Case \S+ added$/).waitFor();
    // Saving the case deleted its draft.
    expect(await serverDrafts(page)).toEqual([]);
    expect(web.problems).toEqual([]);
    await page.close();
  });

  it("leaving with unsaved changes asks first: staying keeps the answers, keeping or discarding them leaves", SLOW, async () => {
    // From the list, as people do: the browser's Back is then a move within the app.
    const page = await authorTab(COLLECTION_URL);
    await page.getByRole("link", { name: "Add a case" }).click();
    await waitForHeading(page, ADD);
    await identifier(page).fill("2026/LEAVE-1");
    await overview(page).fill("Typed before leaving.");

    // The page's Back link.
    await page.getByRole("link", { name: "Back", exact: true }).click();
    const question = page.getByRole("alertdialog", { name: "You have not saved your changes" });
    await question.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Stay on this page");
    await checkState(page, "editor-leave-question");
    await question.getByRole("button", { name: "Stay on this page" }).click();
    await question.waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe(`${COLLECTION_URL}/new`);
    expect(await overview(page).inputValue()).toBe("Typed before leaving.");

    // A header link, then the browser's Back button: both ask.
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Cases" }).click();
    await question.waitFor();
    await page.keyboard.press("Escape");
    await question.waitFor({ state: "detached" });
    void page.goBack().catch(() => undefined);
    await question.waitFor();
    expect(new URL(page.url()).pathname).toBe(`${COLLECTION_URL}/new`);
    await question.getByRole("button", { name: "Keep them as a draft and leave" }).click();
    await waitForHeading(page, "Cases");
    expect(JSON.stringify(await serverDrafts(page))).toContain("Typed before leaving.");
    await page.getByRole("heading", { name: "Your unsaved cases" }).waitFor();
    await page.getByRole("region", { name: "Your unsaved cases" }).getByText("2026/LEAVE-1", { exact: true }).waitFor();

    // Discarding leaves and forgets them.
    await page.goto(`${COLLECTION_URL}/new`);
    await waitForHeading(page, /You have unsaved changes from/);
    await page.getByRole("button", { name: "Continue with them" }).click();
    await waitForHeading(page, ADD);
    expect(await overview(page).inputValue()).toBe("Typed before leaving.");
    await page.getByRole("link", { name: "Back", exact: true }).click();
    await question.getByRole("button", { name: "Discard them and leave" }).click();
    await waitForHeading(page, "Cases");
    expect(await serverDrafts(page)).toEqual([]);
    expect(await page.getByRole("heading", { name: "Your unsaved cases" }).count()).toBe(0);

    // A form left untouched asks nothing.
    await page.goto(`${COLLECTION_URL}/new`);
    await waitForHeading(page, ADD);
    await page.getByRole("link", { name: "Back", exact: true }).click();
    await waitForHeading(page, "Cases");
    expect(web.problems).toEqual([]);
    await page.close();
  });

  it("closing or reloading the tab before the answers reach the server asks the browser to confirm", SLOW, async () => {
    const page = await authorTab(`${COLLECTION_URL}/new`);
    await waitForHeading(page, ADD);
    await overview(page).fill("Typed a moment ago.");
    const dialog = page.waitForEvent("dialog");
    void page.reload().catch(() => undefined);
    const shown = await dialog;
    expect(shown.type()).toBe("beforeunload");
    await shown.dismiss();
    expect(await overview(page).inputValue()).toBe("Typed a moment ago.");
    await discardServerDrafts(page);
    await page.close();
  });

  it("an ended session at save keeps the answers: the user signs in again, comes back to them and saves", SLOW, async () => {
    const page = await authorTab(`${COLLECTION_URL}/new`);
    await waitForHeading(page, ADD);
    await fillCase(page, dhrCase("2026/SESSION-1"));
    await page.getByRole("button", { name: "Continue" }).click();
    await waitForHeading(page, "Check your answers before saving");

    // The session ends on the server (as after an idle timeout elsewhere).
    const me = (await web.tracker.context.store.getUserByUsername("icb.lsc"))!;
    expect(await web.tracker.context.store.deleteSessionsOf(me.id)).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Save case" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("reason")).toBe("answers_kept");
    await page.getByText("Your session has ended, so you need to sign in again. Your answers have been kept").waitFor();
    await checkState(page, "editor-session-ended-answers-kept");

    await page.locator('input[name="username"][value="icb.lsc"]').check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForHeading(page, "Check your answers before saving");
    expect(new URL(page.url()).pathname).toBe(`${COLLECTION_URL}/new`);
    expect(await summaryValue(page, "StEIS Number/Local Identifier").innerText()).toBe("2026/SESSION-1");
    await page.getByRole("button", { name: "Save case" }).click();
    await page.getByText(/^Case \S+ added$/).waitFor();
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const saved = await page.request.get(`/api/collections/s-crt/records/${id}`);
    expect(((await saved.json()) as { data: Record<string, unknown> }).data.steis_or_local_id).toBe("2026/SESSION-1");
    expect(await serverDrafts(page)).toEqual([]);
    await page.close();
  });

  it("the answers come back in another browser for the same user (continue, and discard), and never for another editor of the ICB", SLOW, async () => {
    const first = await startedDraft("2026/ELSEWHERE-1", "Started on another computer.");

    // Another editor of the same ICB sees nothing of it.
    const colleague = await web.newUser("icb.lsc.second", `${COLLECTION_URL}/new`);
    await waitForHeading(colleague.page, ADD);
    expect(await identifier(colleague.page).inputValue()).toBe("");
    expect(await colleague.page.getByText("Started on another computer.").count()).toBe(0);
    await colleague.page.goto(COLLECTION_URL);
    await waitForHeading(colleague.page, "Cases");
    expect(await colleague.page.getByRole("heading", { name: "Your unsaved cases" }).count()).toBe(0);
    expect(await serverDrafts(colleague.page)).toEqual([]);
    await colleague.context.close();

    // The same user in another browser: asked, and continues.
    const second = await web.newUser("icb.lsc", `${COLLECTION_URL}/new`);
    await waitForHeading(second.page, / - You have unsaved changes from \d\d:\d\d$/);
    await checkState(second.page, "editor-draft-choice");
    await second.page.getByRole("button", { name: "Continue with them" }).click();
    await waitForHeading(second.page, ADD);
    expect(await identifier(second.page).inputValue()).toBe("2026/ELSEWHERE-1");
    expect(await overview(second.page).inputValue()).toBe("Started on another computer.");
    await second.context.close();

    // A third browser: asked, and discards; the form starts empty and the draft is gone.
    const third = await web.newUser("icb.lsc", `${COLLECTION_URL}/new`);
    await waitForHeading(third.page, /You have unsaved changes from \d\d:\d\d$/);
    await third.page.getByRole("button", { name: "Discard them" }).click();
    await waitForHeading(third.page, ADD);
    expect(await identifier(third.page).inputValue()).toBe("");
    expect(await serverDrafts(third.page)).toEqual([]);
    expect(web.problems).toEqual([]);
    await third.context.close();
    await first.close();
  });

  it("answers taken up from the server are not sent back unchanged: a draft discarded elsewhere meanwhile stays discarded", SLOW, async () => {
    const first = await startedDraft("2026/TAKEN-UP-1", "Taken up in another browser.");
    await first.close();

    // Another browser takes the draft up, and touches nothing.
    const second = await web.newUser("icb.lsc", `${COLLECTION_URL}/new`);
    await waitForHeading(second.page, /You have unsaved changes from \d\d:\d\d$/);
    await second.page.getByRole("button", { name: "Continue with them" }).click();
    await waitForHeading(second.page, ADD);
    expect(await overview(second.page).inputValue()).toBe("Taken up in another browser.");
    // At once, the draft is discarded elsewhere (as a third browser's "Discard them" does).
    await discardServerDrafts(second.page);
    // Longer than the autosave's delay after the last change: the untouched answers were not sent again.
    await second.page.waitForTimeout(3 * 1500);
    expect(await serverDrafts(second.page)).toEqual([]);
    // A change is sent, as ever: the answers on screen are not lost.
    await overview(second.page).fill("Taken up, then changed.");
    await waitForServerDraft(second.page, "Taken up, then changed.");
    await discardServerDrafts(second.page);
    await second.context.close();
  });

  let editAttempt = 0;
  it("an edit's unsaved answers made before someone else saved go through the conflict page: both people's changes are kept", SLOW, async () => {
    const page = await authorTab(`${COLLECTION_URL}/new`);
    await waitForHeading(page, ADD);
    // A new identifier on a retry: the first attempt's case may be stored, and the same one again would be refused as a duplicate.
    await fillCase(page, dhrCase(`2026/EDIT-${++editAttempt}`));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Save case" }).click();
    await page.getByText(/^Case \S+ added$/).waitFor();
    const caseUrl = new URL(page.url()).pathname;
    const id = caseUrl.split("/").pop()!;

    await page.goto(`${caseUrl}/edit`);
    await waitForHeading(page, EDIT);
    await overview(page).fill("My unsaved edit.");
    await waitForServerDraft(page, "My unsaved edit.");

    // Meanwhile a colleague saves the case (through the API, in their own session).
    const colleague = await web.newApiUser("icb.lsc.second");
    const csrf = ((await (await colleague.request.get("/auth/me")).json()) as { csrfToken: string }).csrfToken;
    const record = (await (await colleague.request.get(`/api/collections/s-crt/records/${id}`)).json()) as { data: Record<string, unknown>; revision: number };
    const put = await colleague.request.put(`/api/collections/s-crt/records/${id}`, {
      data: { data: { ...record.data, media_interest: "yes" } },
      headers: { "x-csrf-token": csrf, "if-match": `"${record.revision}"` },
    });
    expect(put.status()).toBe(200);
    await colleague.close();

    const other = await web.newUser("icb.lsc", `${caseUrl}/edit`);
    await waitForHeading(other.page, /You have unsaved changes from \d\d:\d\d$/);
    await other.page.getByText("This case has changed since you made your changes").waitFor();
    await checkState(other.page, "editor-draft-choice-case-changed");
    await other.page.getByRole("button", { name: "Continue with them" }).click();
    // Not straight to the form (saving there would undo the colleague's change unseen): what they changed first.
    await waitForHeading(other.page, "Someone else has changed this case");
    const theirs = other.page.locator("table").filter({ has: other.page.locator("caption", { hasText: /changed$/ }) });
    expect(await theirs.locator("tbody tr").count()).toBe(1);
    const row = await theirs.locator("tbody tr").first().innerText();
    expect(row).toMatch(/media/i);
    expect(row).toMatch(/\bYes\b/);
    await checkState(other.page, "editor-draft-case-changed-conflict");
    await other.page.getByRole("button", { name: "Add my changes to the latest version" }).click();
    await waitForHeading(other.page, EDIT);
    await other.page.getByText("This is the latest version of the case, with the other person's changes and yours added.").waitFor();
    expect(await overview(other.page).inputValue()).toBe("My unsaved edit.");
    expect(await other.page.locator("#draft-stale").count()).toBe(0);
    await other.page.getByRole("button", { name: "Continue" }).click();
    await waitForHeading(other.page, "Check your answers before saving");
    await other.page.getByRole("button", { name: "Save case" }).click();
    await other.page.getByText(/^Case \S+ updated$/).waitFor();
    const saved = (await (await other.page.request.get(`/api/collections/s-crt/records/${id}`)).json()) as { data: Record<string, unknown>; revision: number };
    expect(saved.revision).toBe(3);
    expect(saved.data).toMatchObject({ brief_overview: "My unsaved edit.", media_interest: "yes" });
    expect(await serverDrafts(other.page)).toEqual([]);
    await other.context.close();
    await page.close();
  });

  it("Save and come back later keeps an unfinished case for its author, who carries on with it from the list", SLOW, async () => {
    const page = await authorTab(`${COLLECTION_URL}/new`);
    await waitForHeading(page, ADD);
    // Unfinished: most questions unanswered, and nothing is checked.
    await identifier(page).fill("2026/LATER-1");
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await waitForHeading(page, "Cases");
    await page.getByText("Your answers have been kept as a draft. Only you can see it").waitFor();
    const drafts = page.getByRole("region", { name: "Your unsaved cases" });
    try {
      await drafts.getByText("2026/LATER-1", { exact: true }).waitFor({ timeout: 15_000 });
    } catch (e) {
      // Says what there was instead, so that a failure on a loaded machine can be understood.
      const region = (await drafts.count()) ? await drafts.innerText() : "(no region)";
      // Printed as well as thrown: a retry that passes would otherwise hide what was seen.
      console.error(`drafts.test: the kept draft is not listed. Region: ${region}; server drafts: ${JSON.stringify(await serverDrafts(page))}`);
      throw new Error(`The kept draft is not listed. Region: ${region}\nServer drafts: ${JSON.stringify(await serverDrafts(page))}\n${String(e)}`);
    }
    await checkState(page, "case-list-draft-kept");

    // Carrying on from the list opens the draft without asking.
    await drafts.getByRole("link", { name: "Continue with 2026/LATER-1" }).click();
    await waitForHeading(page, ADD);
    expect(await identifier(page).inputValue()).toBe("2026/LATER-1");
    await fillCase(page, dhrCase("2026/LATER-1"));
    await page.getByRole("button", { name: "Continue" }).click();
    await waitForHeading(page, "Check your answers before saving");
    await page.getByRole("button", { name: "Save case" }).click();
    await page.getByText(/^Case \S+ added$/).waitFor();
    expect(await serverDrafts(page)).toEqual([]);
    expect(web.problems).toEqual([]);
    await page.close();
  });
});
