/**
 * The owner queue in the browser: a national user finds the cases whose owner a succession could
 * not decide, is told when they choose nothing, and assigns one of the named successors.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ownerResolverFrom } from "../../organisations/index.ts";
import { moveClosedOwners } from "../../ops/index.ts";
import { validCase } from "../server/harness.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";

let web: WebTracker;
beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  const { store, registry, reference } = web.tracker.context;
  const author = (await store.getUserByUsername("national"))!;
  // A Frimley case from before its ICB was divided on 1 April 2026.
  await store.createRecord({
    collection: "s-crt", version: "2.0", ownerOrg: "QNQ", data: validCase("FRIMLEY-2026-01", { date_added: "2026-03-01", incident_date: "2026-02-10" }),
    userId: author.id, complete: true, missing: [], unique: [], at: "2026-03-01T09:00:00.000Z",
  });
  await moveClosedOwners({ store, form: registry.published("s-crt")!, reference, resolveOwner: ownerResolverFrom(reference), date: "2026-11-21", dryRun: false, userId: author.id });
});
afterAll(() => web?.close());

it("lets a national user assign a waiting case to one of the named successors", { timeout: 120_000 }, async () => {
  const { page } = await web.newUser("national");
  await page.getByRole("link", { name: "Cases waiting for an owner" }).click();
  await page.getByRole("heading", { level: 1, name: "Cases waiting for an owner" }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await screenshots(page, "owner-queue");

  await page.getByRole("button", { name: "Assign owner" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await summary.waitFor();
  expect(await summary.textContent()).toContain("Select the organisation that owns FRIMLEY-2026-01");
  expect(await axeViolations(page)).toEqual([]);
  await screenshots(page, "owner-queue-error");

  await page.getByLabel(/NHS Surrey and Sussex Integrated Care Board \(S9B9J\)/).check();
  await page.getByRole("button", { name: "Assign owner" }).click();
  await page.getByText("FRIMLEY-2026-01 now belongs to NHS Surrey and Sussex Integrated Care Board (S9B9J)").waitFor();
  await page.getByText("No cases are waiting.").waitFor();
  const stored = await web.tracker.context.store.listOwnerPending("s-crt");
  expect(stored).toEqual([]);
  expect(web.problems).toEqual([]);
});
