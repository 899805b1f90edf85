/**
 * The NHS frame around every page: the header's account area (one line on a desktop, compact
 * on a phone) and its navigation, the beta phase banner, the footer's links to the service's
 * own pages (readable signed in or not), and the add and edit pages opened by their address
 * drawn at once, with no "Loading…" step, because their code and data come with the page or
 * are fetched together before the first render.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, waitForHeading } from "./steps.ts";
import { validCase } from "../server/harness.ts";

const SLOW = { timeout: 120_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

let web: WebTracker;
beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
});
afterAll(async () => {
  await web?.close();
});

async function axeClean(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  expect(await axeViolations(page), `${name} (desktop)`).toEqual([]);
  await page.setViewportSize(PHONE);
  expect(await axeViolations(page), `${name} (phone)`).toEqual([]);
  await page.setViewportSize(DESKTOP);
  await screenshots(page, name);
}

const SERVICE_PAGES = [
  { link: "Accessibility statement", path: "/accessibility", heading: "Accessibility statement", says: ["WCAG", "2.2", "axe", "keyboard", "Enforcement procedure", "Equality Advisory and Support Service"] },
  { link: "Privacy notice", path: "/privacy", heading: "Privacy notice", says: ["audit trail", "own ICB", "region", "national", "How long we keep it", "Your rights", "email address"] },
  { link: "Contact us", path: "/contact", heading: "Contact the service desk", says: ["england.scrt-servicedesk@nhs.net", "Give feedback"] },
];

async function pageFor(who: "signed-out" | "signed-in"): Promise<{ page: Page; close(): Promise<void> }> {
  const { page, context } = who === "signed-out" ? await web.newVisitor() : await web.newUser("icb.lsc");
  return { page, close: () => context.close() };
}

describe.each(["signed-out", "signed-in"] as const)("the phase banner and the footer, %s", (who) => {
  it("says the service is in beta, with a feedback link, and the footer leads to the service's own pages", SLOW, async () => {
    const { page, close } = await pageFor(who);
    await page.goto(who === "signed-out" ? "/sign-in" : COLLECTION_URL);
    const banner = page.locator(".app-phase-banner");
    await expect.poll(() => banner.locator(".nhsuk-tag").innerText()).toBe("Beta");
    expect(await banner.innerText()).toMatch(/This is a new service\. Help us improve it and give your feedback/);
    expect(await banner.getByRole("link", { name: /give your feedback/ }).getAttribute("href")).toMatch(/^mailto:england\.scrt-servicedesk@nhs\.net\?subject=/);

    const footer = page.getByRole("contentinfo");
    for (const target of SERVICE_PAGES) {
      await footer.getByRole("link", { name: target.link }).click();
      await waitForHeading(page, target.heading);
      expect(new URL(page.url()).pathname).toBe(target.path);
      const main = await page.locator("main").innerText();
      for (const words of target.says) expect(main, `${target.path} says ${words}`).toContain(words);
      await expect.poll(() => page.title()).toBe(`${target.heading} - Safeguarding Case Review Tracker - NHS England`);
    }
    await close();
    expect(web.problems).toEqual([]);
  });

  it.each(SERVICE_PAGES.map((p) => [p.path, p] as const))("%s opens by its address, with no accessibility problems at 1,280 and 375 pixels", SLOW, async (_path, target) => {
    const { page, close } = await pageFor(who);
    await page.goto(target.path);
    await waitForHeading(page, target.heading);
    await axeClean(page, `${target.path.slice(1)}-${who}`);
    await close();
    expect(web.problems).toEqual([]);
  });
});

/** The header's account area's height and its items' tops: one row means one top. */
async function accountArea(page: Page): Promise<{ height: number; rows: number; lineHeight: number }> {
  return page.locator(".nhsuk-header__account").evaluate((account) => {
    const items = [...account.querySelectorAll(".nhsuk-header__account-item")];
    const tops = new Set(items.map((item) => Math.round(item.getBoundingClientRect().top)));
    const first = items[0] as HTMLElement;
    return { height: account.getBoundingClientRect().height, rows: tops.size, lineHeight: first.getBoundingClientRect().height };
  });
}

describe("the header", () => {
  it("keeps the account area on one row at 1,280 pixels, and short on a phone, for each role", SLOW, async () => {
    for (const username of ["icb.lsc", "region.nw", "national", "standards"]) {
      const { page, context } = await web.newUser(username);
      await page.goto(COLLECTION_URL);
      await page.locator(".nhsuk-header__account").waitFor();
      const desktop = await accountArea(page);
      expect(desktop.rows, `${username}: one row at 1,280 px`).toBe(1);
      // The name's own item is one line of text, not wrapped.
      expect(desktop.lineHeight, `${username}: one line`).toBeLessThan(50);
      expect(desktop.height, `${username}: height at 1,280 px`).toBeLessThan(50);
      const account = page.getByRole("navigation", { name: "Account" });
      expect(await account.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
      await page.setViewportSize(PHONE);
      const phone = await accountArea(page);
      expect(phone.height, `${username}: height at 375 px`).toBeLessThanOrEqual(100);
      expect(await account.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
      if (username === "icb.lsc") {
        await screenshots(page, "header-phone");
        await page.setViewportSize(DESKTOP);
        await screenshots(page, "header-desktop");
        // Role and organisation still there on a desktop, the organisation's full name for screen readers.
        expect(await account.innerText()).toContain("ICB editor");
        expect(await account.locator("abbr").getAttribute("title")).toMatch(/Lancashire and South Cumbria/);
      }
      await context.close();
    }
  });

  it("shows the owner queue in the navigation to national users only, as the server's permissions say", SLOW, async () => {
    const national = await web.newUser("national");
    const menu = national.page.getByRole("navigation", { name: "Menu" });
    await menu.getByRole("link", { name: "Owner queue" }).click();
    await national.page.waitForURL((url) => url.pathname === `${COLLECTION_URL}/owner-queue`);
    // The address changes before the navigation is drawn again: wait for the marking.
    await expect.poll(() => menu.getByRole("link", { name: "Owner queue" }).getAttribute("aria-current")).toBe("page");
    // On the owner queue, "Cases" is not also marked as the current section.
    await expect.poll(() => menu.getByRole("link", { name: "Cases" }).getAttribute("aria-current")).toBeNull();
    await national.context.close();
    for (const username of ["icb.lsc", "region.nw"]) {
      const { page, context } = await web.newUser(username);
      await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Cases" }).waitFor();
      expect(await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Owner queue" }).count(), username).toBe(0);
      await context.close();
    }
  });
});

/** Before any of the page's own scripts: note every text node or element that ever says "Loading". */
async function watchForLoading(page: Page): Promise<void> {
  await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { loadingSeen: string[] }).loadingSeen = seen;
      const look = (node: Node) => {
        const text = node.textContent ?? "";
        if (/Loading/.test(text)) seen.push(text.slice(0, 80));
      };
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          if (m.type === "characterData") look(m.target);
          for (const node of m.addedNodes) look(node);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const loadingSeen = (page: Page) => page.evaluate(() => (window as unknown as { loadingSeen: string[] }).loadingSeen);

describe("opening the add page by its address", () => {
  it("draws the form at once: no 'Loading…' ever appears, and the first question is visible", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    // The list shown after signing in asks for the collections itself (its page had nobody
    // signed in): start from a page that asks for nothing, so that is not counted against the add page.
    await page.goto("/contact");
    await waitForHeading(page, "Contact the service desk");
    await watchForLoading(page);
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    for (let round = 0; round < 3; round++) {
      requested.length = 0;
      await page.goto(`${COLLECTION_URL}/new`);
      const first = page.locator("#root_status").first();
      await first.waitFor({ state: "visible" });
      expect(await loadingSeen(page), `round ${round + 1}`).toEqual([]);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toContain("Add a case");
      // Who is signed in and the collections came with the page; the preloaded form and validator were used, not fetched twice.
      expect(requested.filter((path) => path === "/auth/me" || path === "/api/collections"), `round ${round + 1}`).toEqual([]);
      // The validator module is fetched once (the module map keeps the preloaded one). The form is
      // fetched by the preload; Chromium now and then asks again for it (seen once under heavy load),
      // so that is allowed, but never more. Later rounds may use the browser's cache instead.
      const forms = requested.filter((path) => /^\/api\/collections\/s-crt\/versions\/[^/]+$/.test(path)).length;
      expect(forms, `round ${round + 1}: the form`).toBeLessThanOrEqual(2);
      if (round === 0) expect(forms, "the form").toBeGreaterThanOrEqual(1);
      expect(requested.filter((path) => path.endsWith("/validator.js")).length, `round ${round + 1}: the validator`).toBeLessThanOrEqual(1);
    }
    await screenshots(page, "add-page-first-paint");
    await context.close();
    expect(web.problems).toEqual([]);
  });

  it("still loads the form when the add page is reached from the list (the editor's code fetched then)", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    await page.goto(COLLECTION_URL);
    await page.getByRole("button", { name: "Add a case" }).or(page.getByRole("link", { name: "Add a case" })).first().click();
    await page.locator("#root_status").first().waitFor({ state: "visible" });
    await context.close();
    expect(web.problems).toEqual([]);
  });
});

/** Adds a case through the API with the page's own session; its id. */
async function addCase(page: Page, identifier: string): Promise<string> {
  const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
  const res = await page.request.post("/api/collections/s-crt/records", { data: { data: validCase(identifier) }, headers: { "x-csrf-token": me.csrfToken } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("opening the edit page by its address", () => {
  it("draws the case's form at once, with its answers: no 'Loading…' ever appears", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    const id = await addCase(page, "FP-EDIT-0001");
    await watchForLoading(page);
    for (let round = 0; round < 2; round++) {
      await page.goto(`${COLLECTION_URL}/${id}/edit`);
      await page.locator("#root_status").first().waitFor({ state: "visible" });
      expect(await loadingSeen(page), `round ${round + 1}`).toEqual([]);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toMatch(/FP-EDIT-0001/);
      // The answers are the case's, not an empty form.
      expect(await page.locator("#root_steis_or_local_id").inputValue()).toBe("FP-EDIT-0001");
    }
    await screenshots(page, "edit-page-first-paint");
    await context.close();
    expect(web.problems).toEqual([]);
  });

  it("offers the user's own unsaved answers to the case first, drawn at once too", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    const id = await addCase(page, "FP-EDIT-0002");
    const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
    const record = (await (await page.request.get(`/api/collections/s-crt/records/${id}`)).json()) as { revision: number; data: Record<string, unknown> };
    const saved = await page.request.put(`/api/collections/s-crt/drafts/${id}`, {
      data: { version: "2.0", data: { ...record.data, brief_overview: "Changed but not saved." }, basedOnRevision: record.revision },
      headers: { "x-csrf-token": me.csrfToken },
    });
    expect(saved.status(), await saved.text()).toBeLessThan(300);
    await watchForLoading(page);
    await page.goto(`${COLLECTION_URL}/${id}/edit`);
    await page.getByRole("button", { name: /continue/i }).first().waitFor({ state: "visible" });
    expect(await loadingSeen(page)).toEqual([]);
    await context.close();
    expect(web.problems).toEqual([]);
  });

  it("gives a case of another ICB the same answer as before: not found, its answers nowhere in the page", SLOW, async () => {
    const nel = await web.newUser("icb.nel");
    const id = await addCase(nel.page, "FP-EDIT-NEL-0001");
    await nel.context.close();
    const { page, context } = await web.newUser("icb.lsc");
    const responses: number[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === `/api/collections/s-crt/records/${id}`) responses.push(response.status());
    });
    await page.goto(`${COLLECTION_URL}/${id}/edit`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toMatch(/not found/i);
    expect(await page.content()).not.toContain("FP-EDIT-NEL-0001");
    expect(responses.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((status) => status === 404)).toBe(true);
    await context.close();
  });
});
