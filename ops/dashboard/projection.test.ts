/**
 * The dashboard's projection over a real SQLite file: a long first reading goes in batches,
 * says how far it has got, and a later reading picks up only what was written since.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { configFor } from "../config.ts";
import { openTracker, type Tracker } from "../open-tracker.ts";
import { DashboardProjection, type Progress } from "./projection.ts";

/** A valid S-CRT 2.0 case (ops may not import the cross-part tests' helpers). */
const validCase = (id: string) => ({
  status: "open",
  date_added: "2026-10-01",
  designated_professional: "Designated Nurse, Safeguarding Adults",
  designated_professional_initials: "AB",
  safeguarding_partnership: "Example Safeguarding Adults Board",
  steis_or_local_id: id,
  review_type: "sar",
  incident_date: "2026-09-12",
  brief_overview: "Fictional case for tests.",
  themes: ["domestic"],
  media_interest: "no",
});

let dir: string;
let tracker: Tracker;
let userId: string;

async function add(n: number, from: number): Promise<void> {
  const records = Array.from({ length: n }, (_, i) => ({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase(`P/${from + i}`), userId, complete: true, missing: [], unique: [], at: "2026-10-02T10:00:00.000Z" }));
  for (const result of await tracker.store.createRecords(records)) expect(result.kind).toBe("ok");
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scrt-projection-"));
  tracker = await openTracker(configFor(dir));
  userId = (await tracker.store.ensureUser({ username: "t", displayName: "T", role: "icb_editor", orgCode: "QE1" })).id;
  await add(35, 0);
});
afterAll(async () => {
  await tracker.close();
  rmSync(dir, { recursive: true, force: true });
});

it("reads in batches, reporting progress, then only what is new", async () => {
  const projection = DashboardProjection.for(tracker.store, tracker.registry, "s-crt", 10)!;
  const seen: Progress[] = [];
  const reading = projection.catchUp();
  // Concurrent callers share the reading in progress.
  expect(projection.catchUp()).toBe(reading);
  let done = false;
  void reading.then(() => (done = true));
  while (!done) {
    const now = projection.reading;
    if (now) seen.push(now);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(projection.reading).toBeUndefined();
  expect(projection.facts.records).toBe(35);
  // Between batches the reading said how far it had got, out of every record.
  expect(seen.some((p) => p.total === 35 && p.done > 0 && p.done < 35)).toBe(true);
  expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));

  await add(3, 100);
  await projection.catchUp();
  expect({ records: projection.facts.records, rows: projection.facts.rows }).toEqual({ records: 38, rows: 38 });
});

it("gives no projection for a collection without a dashboard", () => {
  expect(DashboardProjection.for(tracker.store, tracker.registry, "no-such-collection")).toBeUndefined();
});
