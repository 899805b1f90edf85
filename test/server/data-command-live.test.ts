/**
 * A data command run against the database of a live tracker makes no request fail: while
 * `scrt import` and then `scrt migrate` (real child processes) work through 20,000 legacy cases
 * in the tracker's file, the tracker takes a steady stream of new cases and list requests, and
 * every one is answered as it would be on a quiet day (201 and 200; never a 500 "database is
 * locked"). The commands write a batch per short transaction, so a request waits for one batch
 * at most.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";
import { startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const LEGACY_CASES = 20_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function scrt(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "cli/main.ts"), ...args], {
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Creates a case and reads a list page every few milliseconds until `until` settles; returns every status seen. */
async function steadyTraffic(client: Client, until: Promise<unknown>): Promise<{ creates: number[]; lists: number[]; slowest: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const creates: number[] = [];
  const lists: number[] = [];
  let slowest = 0;
  for (let n = 0; !done; n++) {
    const started = performance.now();
    const created = await client.post("/api/collections/s-crt/records", { data: validCase(`LIVE/${String(n).padStart(5, "0")}`) });
    creates.push(created.statusCode);
    if (created.statusCode >= 500) console.error(created.body);
    const listed = await client.get("/api/collections/s-crt/records?pageSize=20");
    lists.push(listed.statusCode);
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { creates, lists, slowest };
}

describe("a data command while the tracker takes writes", () => {
  let tracker: Tracker;
  let icb: Client;
  let csv: string;

  beforeAll(async () => {
    tracker = await startTracker();
    icb = await tracker.signIn("icb.lsc");
    csv = join(tracker.dataDir, "legacy.csv");
    writeFileSync(csv, buildLegacyCsv(LEGACY_CASES).text);
  });

  afterAll(async () => {
    await tracker?.destroy();
  });

  it("imports and migrates 20,000 cases while every request is answered", async () => {
    const commands = (async () => {
      const imported = await scrt(tracker.dataDir, ["import", "s-crt", "--version", "1.0", csv, "--json"]);
      const migrated = imported.code === 0 ? await scrt(tracker.dataDir, ["migrate", "s-crt", "--to", "2.0", "--json"]) : undefined;
      return { imported, migrated };
    })();
    const traffic = await steadyTraffic(icb, commands);
    const { imported, migrated } = await commands;
    // For the record (not asserted: a timing): the longest any request waited behind a command's batch.
    console.log(`data command live: ${traffic.creates.length} creates and lists; slowest create+list pair ${traffic.slowest.toFixed(0)} ms`);

    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: LEGACY_CASES, stored: true, imported: LEGACY_CASES });
    expect(migrated?.code, migrated?.stderr).toBe(0);
    expect((JSON.parse(migrated!.stdout) as { records: number }[])[0]!.records).toBe(LEGACY_CASES);

    // Enough requests to have met the commands' writes many times over.
    expect(traffic.creates.length).toBeGreaterThan(20);
    expect(traffic.creates.filter((s) => s !== 201), JSON.stringify(traffic)).toEqual([]);
    expect(traffic.lists.filter((s) => s !== 200)).toEqual([]);
    // Every case the tracker accepted is there, and every imported one.
    expect(await tracker.context.store.countRecords("s-crt")).toBe(LEGACY_CASES + traffic.creates.length);
  }, 600_000);
});
