/**
 * The standards team's pages in Chromium: a standards admin lands on the definitions (not on
 * "You cannot view this page"), sees every version with its status and lock and each migration
 * in words, compares a draft with the published version, opens the engine's dictionary, counts
 * the impact of the draft's rules on the stored records (the same counts as check-data), and
 * tries the draft's form. axe finds nothing on any of them at 1280 and 375 px.
 */
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { copyWithDraft } from "../fixtures/draft-version.ts";
import { checkData } from "../../ops/index.ts";
import { validCase } from "../server/harness.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";

let forms: string;
let web: WebTracker;
let page: Page;

beforeAll(async () => {
  ({ forms } = copyWithDraft(20));
  web = await startWebTracker({ today: "2026-11-21", formRoots: [forms] });
  const { store } = web.tracker.context;
  const author = (await store.getUserByUsername("icb.lsc"))!;
  for (const [ownerOrg, id, name] of [
    ["QE1", "WEB-STD-1", "Designated Nurse, Safeguarding Adults"],
    ["QE1", "WEB-STD-2", "Named GP"],
    ["QMF", "WEB-STD-3", "Designated Doctor for Safeguarding Children"],
  ] as const) {
    await store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg, data: validCase(id, { designated_professional: name }), userId: author.id, complete: true, missing: [], unique: [] });
  }
  ({ page } = await web.newUser("standards"));
}, 180_000);

afterAll(async () => {
  await web?.close();
  if (forms) rmSync(forms, { recursive: true, force: true });
});

async function accessible(name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshots(page, name);
}

it("lands a standards admin on the definitions: versions, locks and migrations in words", { timeout: 120_000 }, async () => {
  await page.goto("/");
  await page.waitForURL(/\/standards$/);
  await page.getByRole("heading", { level: 1, name: "Definitions" }).waitFor();
  const nav = page.getByRole("navigation", { name: "Menu" });
  expect(await nav.getByRole("link", { name: "Definitions" }).getAttribute("aria-current")).toBe("page");
  expect(await nav.getByRole("link", { name: "Cases" }).count()).toBe(0);
  const versions = page.getByRole("region", { name: "3 versions" });
  expect(await versions.locator("tbody tr").allInnerTexts()).toEqual([expect.stringMatching(/^1\.0.*Retired.*Fixed/s), expect.stringMatching(/^2\.0.*Published.*19 July 2024.*Fixed/s), expect.stringMatching(/^2\.1.*Draft.*1 April 2027.*Not fixed/s)]);
  const migration = page.locator("li").filter({ hasText: "becomes" }).filter({ hasText: "safeguarding_partnership" });
  expect(await migration.innerText()).toBe("designated_partnership (Designated partnership/board/CSP) becomes safeguarding_partnership (Safeguarding Partnership/Board).");
  await page.getByText("How a new version reaches production").waitFor();
  await accessible("standards-definitions");
  expect(web.problems).toEqual([]);
});

it("compares the draft with the published version, marking the breaking change no migration covers", { timeout: 120_000 }, async () => {
  await page.goto("/standards");
  await page.getByLabel("From version").selectOption("2.0");
  await page.getByLabel("To version").selectOption("2.1");
  await page.getByRole("button", { name: "Compare versions" }).click();
  await page.getByRole("heading", { level: 1, name: "Changes from version 2.0 to 2.1" }).waitFor();
  expect(await page.locator('tr[data-kind="limit_tightened"]').innerText()).toMatch(/designated_professional.*100.*20\s+Breaking\s+Does not deal with it/s);
  await page.getByText("There is no migration from 2.0 to 2.1").waitFor();
  await accessible("standards-diff");
  expect(web.problems).toEqual([]);
});

it("opens the engine's dictionary of a version as a page of its own", { timeout: 120_000 }, async () => {
  await page.goto("/standards");
  await page.getByRole("link", { name: "Dictionary of version 2.1", exact: true }).click();
  await page.waitForURL(/dictionary\.html$/);
  await page.getByText("designated_professional_initials").first().waitFor();
  expect(await page.content()).toMatch(/at most 20 characters/);
  await accessible("standards-dictionary");
  expect(web.problems).toEqual([]);
});

it("counts the records the draft's rules would refuse, per rule and per ICB, as check-data does", { timeout: 120_000 }, async () => {
  await page.goto("/standards/s-crt/2.1/impact");
  await page.getByRole("heading", { level: 1, name: "Impact of version 2.1 on stored records" }).waitFor();
  await accessible("standards-impact-start");
  await page.getByRole("button", { name: "Count the records it would refuse" }).click();
  const direct = await checkData({ store: web.tracker.context.store, rules: web.tracker.context.registry.get("s-crt", "2.1")!, recordsVersion: "2.0", today: "2026-11-21" });
  await page.getByRole("heading", { level: 2, name: `Version 2.1 would refuse ${direct.failing} of ${direct.checked} stored records of version 2.0` }).waitFor({ timeout: 60_000 });
  expect(page.url()).toMatch(/\?job=[0-9a-f-]{36}$/);
  const byRule = page.getByRole("region", { name: "Records refused, by rule" });
  expect(await byRule.locator("tbody tr").count()).toBe(Object.values(direct.byItem).reduce((n, e) => n + Object.keys(e.messages).length, 0));
  expect(await byRule.locator("tbody tr").first().innerText()).toMatch(new RegExp(`designated_professional.*\\t${direct.byItem.designated_professional!.records}$`, "s"));
  const byIcb = page.getByRole("region", { name: "Records refused, by ICB" });
  expect((await byIcb.locator("tbody tr").allInnerTexts()).map((t) => t.replace(/^.*\((\w+)\)\t(\d+)$/s, "$1 $2"))).toEqual(["QE1 1", "QMF 1"]);
  // Counts only: no case of theirs appears.
  expect(await page.content()).not.toContain("WEB-STD-");
  await accessible("standards-impact-done");
  expect(web.problems).toEqual([]);
});

it("draws the draft's form with its own rules, storing nothing", { timeout: 120_000 }, async () => {
  const before = await web.tracker.context.store.countRecords("s-crt");
  await page.goto("/standards/s-crt/2.1/preview");
  await page.getByRole("heading", { level: 1, name: "Preview of version 2.1" }).waitFor();
  await page.getByLabel("Who is the designated professional leading on the case?", { exact: false }).first().fill("Designated Nurse, Safeguarding Adults");
  await page.getByRole("button", { name: "Check these answers" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await summary.waitFor();
  expect(await summary.innerText()).toMatch(/20 characters or fewer/);
  await accessible("standards-preview");
  expect(await web.tracker.context.store.countRecords("s-crt")).toBe(before);
  expect(web.problems).toEqual([]);
});

it("keeps everyone else out of the definitions' pages", { timeout: 120_000 }, async () => {
  const { page: icb, context } = await web.newUser("icb.lsc", "/standards");
  await icb.getByRole("heading", { level: 1, name: "You cannot view this page" }).waitFor();
  expect(await icb.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Definitions" }).count()).toBe(0);
  await context.close();
});
