/**
 * A slow read does not delay a fast one: a real tracker over a real file of 100,000 cases,
 * where a national user's search for words every case has, repeated as no case has them (every
 * case holds all the search's trigrams, so the trigram index checks their positions in each),
 * takes hundreds of milliseconds. While it runs, other requests are answered at once,
 * because the read runs in a worker thread and not on the event loop.
 *
 * The cases are written straight into the file with SQL (creating 100,000 through the store
 * would take minutes): rows as the store writes them, each with its search text.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE_NAME } from "../../ops/index.ts";
import { startTracker, type Client, type Tracker } from "./harness.ts";

const CASES = 100_000;
// Every text holds each word junction of it and none holds it (no case is "number x"): every case's text is read and tested.
const SLOW = `/api/collections/s-crt/records?q=${encodeURIComponent("A case about a missed appointment and a delayed referral, number x")}&sort=incident_date`;

/** An overview's usual length: the slow search reads every case's text to its end. */
const PARAGRAPH = `'${"The family reported concerns about communication between agencies over several months before the incident. ".repeat(12)}'`;

/** Cases as the store writes them (ids in order, owners spread over three ICBs), with their search rows. */
function fillCases(file: string, count: number): void {
  const db = new Database(file);
  try {
    db.exec(`BEGIN;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
      INSERT INTO records (id, collection, version, owner_org, revision, data, complete, missing, created_at, created_by, updated_at, updated_by, archive, review_flags)
      SELECT printf('00000000-0000-7000-8000-%012d', i), 's-crt', '2.0', CASE i % 3 WHEN 0 THEN 'QE1' WHEN 1 THEN 'QMF' ELSE 'QMJ' END, 1,
        json_object('steis_or_local_id', printf('2026/%07d', i), 'incident_date', printf('2025-%02d-%02d', 1 + i % 12, 1 + i % 28), 'brief_overview', 'A case about a missed appointment and a delayed referral, number ' || i || '. ' || ${PARAGRAPH}),
        1, '[]', '2026-01-01T00:00:00.000Z', 'seed', printf('2026-01-01T%02d:%02d:%02d.000Z', (i / 3600) % 24, (i / 60) % 60, i % 60), 'seed', '{}', '[]' FROM n;
      INSERT INTO record_search (record_id, collection, item, text)
        SELECT id, 's-crt', 'brief_overview', json_extract(data, '$.brief_overview') FROM records WHERE created_by = 'seed';
      INSERT INTO record_search_fts (rowid, text) SELECT id, text || char(1, 1) FROM record_search;
      -- The junction index's grams are cut by the store: filled when the tracker opens the file, as for a file from before it.
      INSERT INTO record_search_junctions_fill (upto, after) SELECT max(id), 0 FROM record_search;
      COMMIT;`);
  } finally {
    db.close();
  }
}

interface Timed {
  status: number;
  /** Milliseconds from `from` to the answer. */
  took: number;
  /** When the answer came (performance.now()). */
  at: number;
}

function timed(request: Promise<{ statusCode: number }>, from: number): Promise<Timed> {
  return request.then((res) => ({ status: res.statusCode, took: performance.now() - from, at: performance.now() }));
}

/** Fires the slow read, then (20 ms later by the clock, whenever the event loop can) the fast one. */
async function slowThenFast(slowClient: Client, fast: () => Promise<{ statusCode: number }>): Promise<{ slow: Timed; fast: Timed }> {
  const start = performance.now();
  const slow = timed(slowClient.get(SLOW), start);
  const fastDone = new Promise<Timed>((resolve, reject) => {
    setTimeout(() => timed(fast(), start + 20).then(resolve, reject), 20);
  });
  return { slow: await slow, fast: await fastDone };
}

describe("a slow read does not delay a fast one", () => {
  let tracker: Tracker;
  let national: Client;
  let icb: Client;
  let caseId: string;

  beforeAll(async () => {
    const first = await startTracker();
    const dataDir = first.dataDir;
    await first.stop();
    fillCases(join(dataDir, DATABASE_FILE_NAME), CASES);
    tracker = await startTracker({ dataDir, config: { readWorkers: 2 } });
    national = await tracker.signIn("national");
    icb = await tracker.signIn("icb.lsc");
    caseId = "00000000-0000-7000-8000-000000000003";
    // Once, so that the workers are running and the file's pages are in the cache.
    expect((await national.get(SLOW)).statusCode).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await tracker?.destroy();
  });

  it("answers who the user is while a national search reads every case", async () => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await slowThenFast(national, () => icb.get("/auth/me")));
    for (const { slow, fast } of runs) {
      expect(slow.status).toBe(200);
      expect(fast.status).toBe(200);
    }
    // The slow read really is slow (else the test proves nothing)...
    const slowest = Math.max(...runs.map((r) => r.slow.took));
    expect(slowest).toBeGreaterThan(150);
    // ...and the fast request is answered before it, in well under half its time (median of three).
    const middle = runs.map((r) => r).sort((a, b) => a.fast.took - b.fast.took)[1]!;
    expect(middle.fast.at, JSON.stringify(runs)).toBeLessThan(middle.slow.at);
    expect(middle.fast.took, JSON.stringify(runs)).toBeLessThan(middle.slow.took / 2);
  });

  it("opens a case, and lists an ICB's cases, while a national search reads every case", async () => {
    const opened = await slowThenFast(national, () => icb.get(`/api/collections/s-crt/records/${caseId}`));
    expect(opened.fast.status).toBe(200);
    expect(opened.fast.at, JSON.stringify(opened)).toBeLessThan(opened.slow.at);
    // The list is itself a read for the workers: one is busy with the search, the other answers it.
    const listed = await slowThenFast(national, () => icb.get("/api/collections/s-crt/records?pageSize=10"));
    expect(listed.fast.status).toBe(200);
    expect(listed.fast.at, JSON.stringify(listed)).toBeLessThan(listed.slow.at);
  });
});
