/**
 * `scrt forms preview` in Chromium: the standards team edits a draft version's file and the
 * open page follows every save without a reload. A broken save shows its problems with their
 * positions beside the last form that compiled, and a fixed save recovers. The page also lets
 * them try answers against the version's rules and shows what the draft breaks.
 */
import { rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startPreview, type RunningPreview } from "../../preview/index.ts";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { copyWithDraft } from "../fixtures/draft-version.ts";
import { startTracker } from "../server/harness.ts";
import { axeViolations, CHROMIUM, screenshots } from "./harness.ts";

let folder: string;
let draftFile: string;
let draft: string;
let preview: RunningPreview;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  ({ forms: folder, draftFile, text: draft } = copyWithDraft(50));
  preview = await startPreview({ dir: join(folder, "s-crt"), distDir: RENDERER_DIST, port: 0, editorUrl: "vscode://file{path}:{line}:{column}" });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`));
  });
  page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const question = (text: string) => page.getByLabel(text, { exact: false });

it("shows the draft's form for ICB users, its breaking change and the dictionary, and checks answers against its rules", { timeout: 120_000 }, async () => {
  await page.goto(preview.url);
  await page.getByRole("heading", { level: 1, name: /s-crt 2\.1/ }).waitFor();
  await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/no problems/);
  await question("What are the designated professional's initials?").waitFor();

  // The change from the published version, marked breaking and not dealt with (no migration).
  const row = page.locator('tr[data-kind="limit_tightened"]');
  await expect.poll(() => row.textContent()).toMatch(/designated_professional.*100.*50.*Breaking.*Does not deal with it/s);
  await expect.poll(() => page.getByText("There is no migration from 2.0 to 2.1").count()).toBe(1);

  // The engine's own dictionary, framed.
  const dictionary = page.frameLocator("iframe.app-preview__dictionary");
  await dictionary.getByText("designated_professional_initials").first().waitFor();

  // Trying answers: the rules of the version run as they would for an ICB user.
  await question("What are the designated professional's initials?").fill("j");
  await page.getByRole("button", { name: "Check these answers" }).click();
  const summary = page.locator(".nhsuk-error-summary").filter({ hasText: "There is a problem" });
  await summary.waitFor();
  expect(await summary.textContent()).toMatch(/initials/i);

  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshots(page, "preview-draft");
  expect(problems).toEqual([]);
});

it("follows a saved change to a question without a reload", { timeout: 120_000 }, async () => {
  // A reload would lose this mark.
  await page.evaluate(() => ((window as unknown as { previewMark: number }).previewMark = 1));
  const before = Number(await page.getByRole("status").first().getAttribute("data-revision"));
  draft = draft.replace("question: What are the designated professional's initials?", "question: What are the initials of the designated professional?");
  writeFileSync(draftFile, draft);
  await question("What are the initials of the designated professional?").waitFor({ timeout: 30_000 });
  expect(Number(await page.getByRole("status").first().getAttribute("data-revision"))).toBeGreaterThan(before);
  expect(await page.evaluate(() => (window as unknown as { previewMark?: number }).previewMark)).toBe(1);
  // The answer typed before the save is still there, to try the changed form on.
  expect(await question("What are the initials of the designated professional?").inputValue()).toBe("j");
  expect(problems).toEqual([]);
});

it("shows a broken save's problems with their positions beside the last good form, and recovers when it is fixed", { timeout: 120_000 }, async () => {
  const broken = draft.replace("    question: What are the initials of the designated professional?", "    question: What are the initials of the designated professional?\n    lable: A typo");
  const line = broken.split("\n").findIndex((l) => l.includes("lable: A typo")) + 1;
  writeFileSync(draftFile, broken);
  const list = page.locator(".nhsuk-error-summary").filter({ hasText: "The definition files as saved have" });
  await list.waitFor({ timeout: 30_000 });
  const position = list.getByRole("link", { name: new RegExp(`versions/2\\.1\\.yaml:${line}:5$`) });
  await position.waitFor();
  expect(await position.getAttribute("href")).toBe(`vscode://file${draftFile}:${line}:5`);
  expect(await list.textContent()).toMatch(/lable/);
  expect(await list.textContent()).toMatch(/last one that compiled/);
  // The last good form is still drawn.
  await question("What are the initials of the designated professional?").waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await screenshots(page, "preview-broken-save");

  // Saved again, fixed, with a new question: the problems go and the form follows.
  draft = draft.replace("question: What are the initials of the designated professional?", "question: Designated professional's initials?");
  writeFileSync(draftFile, draft);
  await question("Designated professional's initials?").waitFor({ timeout: 30_000 });
  await expect.poll(() => list.count()).toBe(0);
  await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/no problems/);
  expect(problems).toEqual([]);
});

it("answers only on its loopback name, and keeps the tracker's page apart from it", async () => {
  const url = new URL(preview.url);
  // fetch() will not send another Host header; node:http will, as a rebinding attack's browser would.
  const status = await new Promise<number | undefined>((resolve, reject) =>
    get({ host: "127.0.0.1", port: url.port, path: "/preview/state", headers: { host: `attacker.example:${url.port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on("error", reject),
  );
  expect(status).toBe(421);
  const state = (await (await fetch(`${preview.url}/preview/state`)).json()) as { collection: string; version: string };
  expect(state).toMatchObject({ collection: "s-crt", version: "2.1" });

  // The preview's page is built with the tracker's but the tracker does not serve it.
  const tracker = await startTracker();
  const app = await buildApp(tracker.context, { webDist: RENDERER_DIST });
  try {
    expect((await app.inject({ url: "/preview.html" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/" })).body).toContain('id="root"');
  } finally {
    await app.close();
    await tracker.destroy();
  }
}, 60_000);
