/**
 * One meaning of "changed": a save whose answers differ only in the order of keys inside an
 * entry is no change at all, so it makes no revision and history shows nothing for it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTracker, type Client, type Tracker } from "./harness.ts";

const PLANS = "/api/collections/action-plan/records";
let tracker: Tracker;
let editor: Client;

beforeAll(async () => {
  tracker = await startTracker();
  editor = await tracker.signIn("icb.lsc");
});
afterAll(() => tracker.destroy());

it("makes no revision when only the order of keys inside a group entry differs", async () => {
  const data = {
    review_reference: "SAR-2026-01",
    accountable_role: "Designated Nurse for Safeguarding Adults",
    plan_status: "open",
    plan_agreed_date: "2026-03-03",
    target_completion_date: "2027-03-31",
    recommendations: [{ owner: "Safeguarding adults team", recommendation: "Add a prompt about carers.", due_date: "2026-09-30", status: "in_progress" }],
  };
  const created = await editor.post(PLANS, { data });
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as { id: string }).id;
  const reordered = { ...data, recommendations: [{ status: "in_progress", due_date: "2026-09-30", recommendation: "Add a prompt about carers.", owner: "Safeguarding adults team" }] };
  const saved = await editor.put(`${PLANS}/${id}`, { data: reordered }, { "if-match": '"1"' });
  expect(saved.statusCode).toBe(200);
  expect((saved.json() as { revision: number }).revision).toBe(1);
  const history = (await editor.get(`${PLANS}/${id}/history`)).json() as { items: unknown[] };
  expect(history.items).toHaveLength(1);
});
