/**
 * A collection scaffolded by `forms new` and published, in a temporary SCRT_FORMS folder
 * beside S-CRT, is a working part of the web app with no code change: an ICB editor finds it,
 * adds a record in Chromium through the same form, check-your-answers and save as S-CRT's,
 * and finds it in the list. Its add page passes axe at desktop and mobile widths.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaffoldFiles } from "../../cli/scaffold.ts";
import { PROJECT_ROOT, publishVersion, todayInLondon } from "../../engine/index.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { pathOf, summaryValue, typeDate, waitForHeading } from "./steps.ts";

const ID = "incident-log";
const SLOW = { timeout: 180_000 };
let root: string;
let web: WebTracker;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "scrt-new-collection-web-"));
  cpSync(join(PROJECT_ROOT, "forms/s-crt"), join(root, "s-crt"), { recursive: true });
  const dir = join(root, ID);
  for (const [file, text] of scaffoldFiles(ID, dir, "2025-04-01")) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const published = publishVersion(dir, "1.0");
  if (!published.ok) throw new Error(published.message);
  web = await startWebTracker({ formRoots: [root], today: todayInLondon() });
}, 300_000);
afterAll(async () => {
  await web?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("a new collection in the web app", () => {
  it("an ICB editor adds a record to it in Chromium, and finds it in its list", SLOW, async () => {
    const { page } = await web.newUser("icb.lsc", `/c/${ID}`);
    await waitForHeading(page, /./);
    await page.getByRole("link", { name: /^Add a/ }).first().click();
    await page.waitForURL((url) => url.pathname === `/c/${ID}/new`);
    const form = page.locator("form.app-case-form");
    await form.waitFor();

    // Its add page passes axe at both widths.
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshots(page, "new-collection-add");

    await form.getByLabel("What is the reference?", { exact: true }).fill("IL-2026-001");
    await typeDate(page, "root_date_opened", { day: "3", month: "3", year: "2024" });
    await form.getByLabel(/^Summary/).fill("Fictional record added in the browser test.");
    await page.getByRole("button", { name: "Continue" }).click();

    await waitForHeading(page, "Check your answers before saving");
    expect(await summaryValue(page, "Reference").innerText()).toBe("IL-2026-001");
    expect(await summaryValue(page, "Date opened").innerText()).toBe("3 March 2024");
    expect(await summaryValue(page, "Status").innerText()).toBe("Open");
    await page.getByRole("button", { name: /^Save/ }).click();

    await page.waitForURL((url) => new RegExp(`^/c/${ID}/[^/]+$`).test(url.pathname) && !url.pathname.endsWith("/new"));
    const recordUrl = pathOf(page);
    await page.locator(".nhsuk-notification-banner--success").waitFor();
    expect(await page.locator(".nhsuk-notification-banner--success").innerText()).toContain("IL-2026-001");
    // The record's status tag comes from the collection's record_status.
    expect(await page.locator(".nhsuk-tag", { hasText: "Open" }).count()).toBeGreaterThan(0);

    // What the server stored is what was typed, under the new collection, owned by the editor's ICB.
    const stored = await page.evaluate(async (url) => (await fetch(`/api/collections${url.replace(/^\/c/, "").replace(/\/([^/]+)$/, "/records/$1")}`)).json(), recordUrl);
    expect(stored).toMatchObject({ collection: ID, ownerOrg: "QE1", data: { reference: "IL-2026-001", status: "open", date_opened: "2024-03-03" } });

    await page.goto(`/c/${ID}`);
    await page.getByRole("link", { name: "IL-2026-001" }).waitFor();
    await screenshots(page, "new-collection-list");

    // Another ICB's editor does not see it.
    const other = await web.newUser("icb.nel", `/c/${ID}`);
    await waitForHeading(other.page, /./);
    expect(await other.page.getByRole("link", { name: "IL-2026-001" }).count()).toBe(0);
    expect(web.problems).toEqual([]);
  });
});
