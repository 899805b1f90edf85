/**
 * The assurance dashboard and its printed quarterly report in Chromium, on the demo cases: the
 * charts are drawn (as SVG, under the strict Content-Security-Policy), every figure is also in
 * a table, the page has no axe violations on a desktop or a phone, it can be used by keyboard
 * alone, and printing gives a clean report of several pages with no navigation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DashboardBody } from "../../api/index.ts";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { pdfText } from "./pdf-text.ts";
import { byId, byText, focused, tabTo, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
let web: WebTracker;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21", demoCases: true });
});
afterAll(async () => {
  await web?.close();
});

async function accessible(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), `${name} (desktop)`).toEqual([]);
  await page.setViewportSize({ width: 375, height: 812 });
  try {
    expect(await axeViolations(page), `${name} (mobile)`).toEqual([]);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await screenshots(page, name);
}

/** The figures the page was drawn from, fetched with the page's own session. */
async function figures(page: Page, query = ""): Promise<DashboardBody> {
  const res = await page.request.get(`/api/collections/s-crt/dashboard${query}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as DashboardBody;
}

describe("the assurance dashboard", () => {
  it("national: charts drawn as labelled SVG with their figures in tables, accessible on desktop and phone", SLOW, async () => {
    // The national and regional users' browsers are signed in once for the file (web.sharedUser); each test opens its address.
    const page = await web.sharedUser("national", "/dashboard");
    await waitForHeading(page, "Assurance dashboard: England");
    expect(new URL(page.url()).pathname).toBe("/c/s-crt/dashboard");
    const body = await figures(page);
    // One trend chart and one per breakdown with cases, each an SVG labelled for screen readers.
    const charts = page.locator(".app-chart svg[role=img]");
    await expect.poll(() => charts.count()).toBe(1 + body.items.length);
    expect(await charts.first().getAttribute("aria-label")).toMatch(/open and new cases/i);
    // Plot's inline <style> never reaches the page (the CSP would refuse it).
    expect(await page.locator(".app-chart style").count()).toBe(0);
    // The figures beside the charts: open cases, and the themes table with its note.
    await expect.poll(() => page.locator(".app-figure").first().innerText()).toBe(body.open.toLocaleString("en-GB"));
    const themes = page.locator("section", { has: page.getByRole("heading", { name: "Abuse/Vulnerability Theme" }) });
    expect(await themes.getByText("percentages add up to more than 100%").count()).toBe(1);
    const neglect = body.byItem.themes!.find((c) => c.code === "neglect")!;
    expect(await themes.locator("tr", { has: page.getByRole("rowheader", { name: neglect.label, exact: true }) }).locator("td").first().innerText()).toBe(String(neglect.count));
    await accessible(page, "dashboard");
  });

  it("can be used by keyboard alone: choose a region and a quarter, then show the figures", SLOW, async () => {
    const page = await web.sharedUser("national", "/c/s-crt/dashboard");
    await waitForHeading(page, "Assurance dashboard: England");
    await tabTo(page, "the quarter", byId("choose-quarter"));
    await page.keyboard.press("ArrowDown");
    expect((await focused(page)).value).toBe("2026-27-Q2");
    await tabTo(page, "the region", byId("choose-region"));
    // Choose North West by typing its first letters, as a keyboard user would.
    await page.keyboard.type("NHS England North W");
    expect((await focused(page)).value).toBe("Y62");
    await tabTo(page, "the button", byText("button", "Show figures"));
    await page.keyboard.press("Enter");
    await waitForHeading(page, /Assurance dashboard: North West/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ quarter: "2026-27-Q2", region: "Y62" });
    expect(await page.getByText("as they stood at the end of 30 September 2026").count()).toBe(1);
  });

  it("the data-quality figures link to the case list, narrowed to those cases", SLOW, async () => {
    // A case of the North West missing 2.0's designated professional (as a migrated one would be).
    const { store, registry } = web.tracker.context;
    const editor = (await store.getUserByUsername("icb.lsc"))!;
    const { designated_professional: _missing, ...data } = (await store.listRecords({ collection: "s-crt", owners: ["QE1"], page: 1, pageSize: 1 })).items[0]!.data;
    expect(registry.published("s-crt")!.validate({ ...data, steis_or_local_id: "LSC-INCOMPLETE-1" }, { today: "2026-11-21" }).valid).toBe(false);
    const written = await store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: { ...data, steis_or_local_id: "LSC-INCOMPLETE-1" }, userId: editor.id, complete: false, missing: ["/designated_professional"], unique: [], at: "2026-11-02T10:00:00.000Z" });
    expect(written.kind).toBe("ok");
    const page = await web.sharedUser("region.nw", "/dashboard");
    await waitForHeading(page, /Assurance dashboard: North West/);
    const body = await figures(page);
    expect(body.quality.incomplete).toBe(1);
    await page.getByRole("link", { name: /View the incomplete cases/ }).click();
    await waitForHeading(page, "Cases");
    expect(new URL(page.url()).search).toBe("?complete=no");
    expect(await page.getByText("Showing only incomplete cases.").count()).toBe(1);
    await expect.poll(() => page.getByRole("status").first().innerText()).toMatch(/^\d+ cases?/);
  });

  it("an ICB user sees their own ICB, with nothing to narrow", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc", "/dashboard");
    await waitForHeading(page, /Assurance dashboard: NHS Lancashire and South Cumbria/);
    expect(await page.locator("#choose-region, #choose-owner").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "By region and organisation" }).count()).toBe(0);
    await context.close();
  });

  it("standards admins are told they cannot view it", SLOW, async () => {
    const { page, context } = await web.newUser("standards", "/dashboard");
    await waitForHeading(page, "You cannot view this page");
    await context.close();
  });
});

describe("the quarterly report", () => {
  it("prints one region's quarter cleanly: no navigation or controls, several pages, tables kept whole", SLOW, async () => {
    const page = await web.sharedUser("region.nw", "/dashboard?quarter=2026-27-Q2");
    await waitForHeading(page, /Assurance dashboard: North West/);
    await expect.poll(() => page.locator(".app-chart svg").count()).toBeGreaterThan(1);
    await page.emulateMedia({ media: "print" });
    for (const hidden of [".nhsuk-header", ".nhsuk-footer", "form.app-filters", "button:text('Print or save as PDF')"]) {
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    expect(await page.locator("table").first().evaluate((t) => getComputedStyle(t).breakInside)).toBe("avoid");
    expect(await page.locator("section.app-section").nth(1).evaluate((s) => getComputedStyle(s).breakBefore)).toBe("page");
    await screenshots(page, "dashboard-print");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    mkdirSync(join(PROJECT_ROOT, "test/output"), { recursive: true });
    writeFileSync(join(PROJECT_ROOT, "test/output/quarterly-report-north-west.pdf"), pdf);
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    // On paper: the region and the quarter asked for (the short address keeps its query), no controls or frame.
    const printed = (await pdfText(pdf)).text.replace(/\s+/g, " ");
    expect(printed).toContain("Assurance dashboard: North West");
    expect(printed).toContain("2026-27 Q2");
    for (const words of ["Print or save as PDF", "Sign out", "Beta", "give your feedback", "Accessibility statement"]) expect(printed, `${words} on paper`).not.toContain(words);
    // A page per section: at a glance, trend, each breakdown, owners, progress and quality.
    const pages = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(6);
  });

  it("left no console errors, page errors or CSP violations", () => {
    expect(web.problems).toEqual([]);
  });
});
