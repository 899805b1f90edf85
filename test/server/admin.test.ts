/**
 * Maintenance through the API. The server never writes definitions: publishing is
 * `forms publish`, reviewed and deployed. Standards admins can ask what publishing a version
 * would do (from the forms and migrations compiled at start-up); national users import
 * legacy files. Nobody else may do either.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";
import { copyCollection, type TempCollection } from "../helpers.ts";
import type { ImportBody, ImportJobBody } from "../../api/index.ts";
import { RECORDS, startTracker, validCase, type Tracker } from "./harness.ts";

let copy: TempCollection;
let tracker: Tracker;
/** Every definition file's bytes, as they were when the server started. */
let filesAtStart: Map<string, string>;

function definitionFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(path, readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

const check = (version: string) => `/api/collections/s-crt/versions/${version}/publish-check`;

beforeAll(async () => {
  copy = copyCollection();
  const v20 = readFileSync(join(copy.dir, "versions/2.0.yaml"), "utf8");
  const draft = (version: string, edit: (t: string) => string) =>
    copy.write(`versions/${version}.yaml`, edit(v20.replace('version: "2.0"', `version: "${version}"`).replace("status: published", "status: draft").replace('supersedes: "1.0"', 'supersedes: "2.0"')));
  // 2.1 only relabels an item; 2.2 tightens a limit with no migration; 2.3 tightens it with one.
  draft("2.1", (t) => t.replace("    label: Latest update\n", "    label: Latest update on the case\n"));
  draft("2.2", (t) => t.replace("    max_length: 50\n", "    max_length: 30\n"));
  draft("2.3", (t) => t.replace("    max_length: 50\n", "    max_length: 30\n"));
  copy.write(
    "migrations/2.0-to-2.3.yaml",
    ['language: 1', 'collection: s-crt', 'from: "2.0"', 'to: "2.3"', "steps:", "  - accept_incomplete:", "      items: [steis_or_local_id]", "      reason: Identifiers over 30 characters must be shortened by hand", ""].join("\n"),
  );
  filesAtStart = definitionFiles(copy.root);
  tracker = await startTracker({ formRoots: [copy.root] });
});
afterAll(async () => {
  await tracker?.destroy();
  copy?.cleanup();
});

describe("the server does not publish or retire versions", () => {
  it.each(["publish", "retire"])("POST .../versions/:v/%s is gone (404), even for standards admins", async (action) => {
    const standards = await tracker.signIn("standards");
    for (const version of ["2.0", "2.1"]) {
      const res = await standards.post(`/api/collections/s-crt/versions/${version}/${action}`);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toMatchObject({ code: "not_found" });
    }
    expect(tracker.context.registry.published("s-crt")?.form.version).toBe("2.0");
  });
});

describe("the publish check", () => {
  it("is for standards admins only", async () => {
    for (const who of ["icb.lsc", "region.nw", "national"]) {
      const res = await (await tracker.signIn(who)).get(check("2.1"));
      expect(res.statusCode, who).toBe(403);
      expect(res.json()).toMatchObject({ code: "forbidden" });
    }
    expect((await tracker.anonymous().get(check("2.1"))).statusCode).toBe(401);
  });

  it("a draft that breaks nothing: publishable, retiring the current version, with the command that does it", async () => {
    const res = await (await tracker.signIn("standards")).get(check("2.1"));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      collection: "s-crt",
      version: "2.1",
      status: "draft",
      publishable: true,
      wouldRetire: "2.0",
      migration: null,
      breakingChanges: [],
      otherChanges: 1,
      message: "publishing 2.1 would retire 2.0; nothing in it breaks records of 2.0",
      command: "npm run scrt -- forms publish s-crt 2.1",
    });
  });

  it("a breaking draft without a migration: not publishable, naming each uncovered change", async () => {
    const body = (await (await tracker.signIn("standards")).get(check("2.2"))).json();
    expect(body).toMatchObject({ publishable: false, wouldRetire: "2.0", migration: null, command: "npm run scrt -- forms publish s-crt 2.2" });
    expect(body.message).toContain("version 2.2 has 1 breaking change from 2.0 that no migration covers (add migrations/2.0-to-2.2.yaml)");
    expect(body.breakingChanges).toEqual([{ kind: "limit_tightened", item: "steis_or_local_id", description: "steis_or_local_id: maximum length 50 → 30", covered: false }]);
  });

  it("a breaking draft whose migration covers it: publishable", async () => {
    const body = (await (await tracker.signIn("standards")).get(check("2.3"))).json();
    expect(body).toMatchObject({ publishable: true, wouldRetire: "2.0", migration: { from: "2.0", to: "2.3" } });
    expect(body.breakingChanges).toEqual([expect.objectContaining({ item: "steis_or_local_id", covered: true })]);
    expect(body.message).toBe("publishing 2.3 would retire 2.0; migrations/2.0-to-2.3.yaml covers every breaking change");
  });

  it("a version that is not a draft cannot be published", async () => {
    const standards = await tracker.signIn("standards");
    expect((await standards.get(check("2.0"))).json()).toMatchObject({ status: "published", publishable: false, message: "version 2.0 is published; only a draft can be published" });
    expect((await standards.get(check("1.0"))).json()).toMatchObject({ status: "retired", publishable: false });
  });

  it("an unknown version or collection is 404", async () => {
    const standards = await tracker.signIn("standards");
    expect((await standards.get(check("9.9"))).statusCode).toBe(404);
    expect((await standards.get("/api/collections/nope/versions/2.1/publish-check")).json()).toMatchObject({ code: "not_found" });
  });
});

describe("legacy import through the API", () => {
  // Waiting for the report in the one request; the job the API starts by default is tested below.
  const url = "/api/collections/s-crt/import?version=1.0&wait=true";
  const csv = buildLegacyCsv(20, 7).text;

  it("is for national users only, and takes CSV text", async () => {
    const editor = await tracker.signIn("icb.lsc");
    expect((await editor.post(url, csv, { "content-type": "text/csv" })).json()).toMatchObject({ statusCode: 403, code: "forbidden" });
    const national = await tracker.signIn("national");
    expect((await national.post(url, { csv }, {})).json()).toMatchObject({ statusCode: 415, code: "unsupported_media_type" });
    const noVersion = await national.post("/api/collections/s-crt/import", csv, { "content-type": "text/csv" });
    expect(noVersion.json()).toMatchObject({ statusCode: 400, code: "invalid_request", message: expect.stringContaining('"version"') });
  });

  it("refuses a file with a bad row, storing nothing, and imports a good one once", async () => {
    const national = await tracker.signIn("national");
    const bad = csv.replace(/,02Q\r\n/, ",NOPE\r\n");
    const refused = await national.post(url, bad, { "content-type": "text/csv" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: "import_rejected", stored: false, imported: 0, problems: [{ row: 2, column: "CCG code" }] });
    const first = await national.post(url, csv, { "content-type": "text/csv" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ rows: 20, imported: 20, alreadyImported: 0, message: "20 cases imported, 0 already imported" });
    const again = await national.post(url, csv, { "content-type": "text/csv" });
    expect(again.json()).toMatchObject({ imported: 0, alreadyImported: 20 });
    expect(await tracker.context.store.countRecords("s-crt")).toBe(20);
    // New cases still go to the version published when the server started.
    const created = await (await tracker.signIn("icb.lsc")).post(RECORDS, { data: validCase("LSC-ADMIN-1") });
    expect(created.json()).toMatchObject({ version: "2.0" });
  });

  it("refuses a file that is not readable CSV as an import problem at its row, storing nothing (was a 500)", async () => {
    const national = await tracker.signIn("national");
    const count = await tracker.context.store.countRecords("s-crt");
    const lines = csv.split("\r\n");
    const unclosed = [...lines.slice(0, 3), `${lines[3]!}"an unclosed quote`, ...lines.slice(4)].join("\r\n");
    for (const [name, body, row] of [
      ["an unclosed quote", unclosed, 4],
      ["a quote inside an unquoted cell", [...lines.slice(0, 2), `ab"c${lines[2]!}`, ...lines.slice(3)].join("\r\n"), 3],
    ] as const) {
      for (const validOnly of ["", "&validOnly=true"]) {
        const res = await national.post(`${url}${validOnly}`, body, { "content-type": "text/csv" });
        expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
        const report = res.json() as { code: string; stored: boolean; problems: { row: number; column: string; message: string }[] };
        expect(report).toMatchObject({ code: "import_rejected", stored: false });
        expect(report.problems).toContainEqual(expect.objectContaining({ row, column: "(file)", message: expect.stringMatching(/not readable as CSV/) }));
        expect(res.body).not.toMatch(/node_modules|\/work\/|at .*\.(ts|js):\d+/);
      }
    }
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it("with to=2.0, stores each row carried to 2.0, reports the migration's counts, and refuses a version with no migration", async () => {
    const national = await tracker.signIn("national");
    const rows = buildLegacyCsv(30, 11).text;
    const noMigration = await national.post("/api/collections/s-crt/import?version=2.0&to=1.0&wait=true", rows, { "content-type": "text/csv" });
    expect(noMigration.statusCode).toBe(422);
    expect(noMigration.json()).toMatchObject({ code: "no_migration", message: "Collection s-crt has no migration from 2.0 to 1.0" });
    expect((await national.post("/api/collections/s-crt/import?version=1.0&to=9.9&wait=true", rows, { "content-type": "text/csv" })).json()).toMatchObject({ statusCode: 404, code: "not_found" });
    const before = await tracker.context.store.countRecords("s-crt");

    const dry = await national.post("/api/collections/s-crt/import?version=1.0&to=2.0&dryRun=true&wait=true", rows, { "content-type": "text/csv" });
    expect(dry.json()).toMatchObject({ stored: false, imported: 0, migration: { from: "1.0", to: "2.0", records: 30 } });
    expect(await tracker.context.store.countRecords("s-crt")).toBe(before);

    const res = await national.post("/api/collections/s-crt/import?version=1.0&to=2.0&wait=true", rows, { "content-type": "text/csv" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as ImportBody;
    expect(body).toMatchObject({ rows: 30, imported: 30, message: "30 cases imported (carried to 2.0), 0 already imported", migration: { from: "1.0", to: "2.0", records: 30, complete: 0, incomplete: 30 } });
    expect(body.migration!.missing.designated_professional).toBe(30);
    expect(body.migration!.ownerChanges.reduce((n, c) => n + c.records, 0) + body.migration!.pendingOwners).toBeLessThanOrEqual(30);
    expect(body.migration!.ownerChanges.length).toBeGreaterThan(0);
    // Nothing of the records themselves in the report: counts only.
    expect(JSON.stringify(body.migration)).not.toMatch(/recordId|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const records = await tracker.context.store.scanRecords({ collection: "s-crt", limit: 10_000 });
    const imported = records.filter((r) => r.createdAt === r.updatedAt && r.revision === 2 && r.version === "2.0");
    expect(imported).toHaveLength(30);
    const history = await tracker.context.store.history("s-crt", imported[0]!.id);
    expect(history.map((h) => [h.version, h.reason])).toEqual([
      ["1.0", "import"],
      ["2.0", "migration 1.0 to 2.0"],
    ]);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(before + 30);
  });

  it("runs as a job by default: 202 at once, progress while it stores, the report when done, seen only by its starter", async () => {
    const national = await tracker.signIn("national");
    const before = await tracker.context.store.countRecords("s-crt");
    const big = buildLegacyCsv(1200, 99).text;
    const started = await national.post("/api/collections/s-crt/import?version=1.0", big, { "content-type": "text/csv" });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json() as ImportJobBody;
    expect(job).toMatchObject({ collection: "s-crt", version: "1.0", status: "running", result: null });
    expect(started.headers.location).toBe(`/api/collections/s-crt/import/jobs/${job.id}`);
    // A second import by the same user waits for the first.
    expect((await national.post("/api/collections/s-crt/import?version=1.0", big, { "content-type": "text/csv" })).statusCode).toBe(409);

    const seen: ImportJobBody[] = [];
    for (let i = 0; i < 600; i++) {
      const polled = await national.get(started.headers.location as string);
      expect(polled.statusCode, polled.body).toBe(200);
      seen.push(polled.json() as ImportJobBody);
      if (seen.at(-1)!.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const done = seen.at(-1)!;
    expect(done).toMatchObject({ status: "done", progress: { checked: 1200, total: 1200 }, result: { rows: 1200, stored: true, imported: 1200, alreadyImported: 0 } });
    // Stored a chunk at a time, with requests (these polls) answered in between.
    expect(seen.some((j) => j.status === "running" && j.progress.checked > 0 && j.progress.checked < 1200), JSON.stringify(seen.map((j) => j.progress))).toBe(true);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(before + 1200);

    // Its starter sees it from another session too; an ICB editor is refused. A file with bad rows gives a report that stored nothing.
    expect((await (await tracker.signIn("national")).get(started.headers.location as string)).statusCode).toBe(200);
    const editor = await tracker.signIn("icb.lsc");
    expect((await editor.get(started.headers.location as string)).statusCode).toBe(403);
    const refused = await national.post("/api/collections/s-crt/import?version=1.0", csv.replace(/,02Q\r\n/, ",NOPE\r\n"), { "content-type": "text/csv" });
    const refusedJob = refused.json() as ImportJobBody;
    let last = refusedJob;
    for (let i = 0; i < 300 && last.status === "running"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      last = (await national.get(`/api/collections/s-crt/import/jobs/${refusedJob.id}`)).json() as ImportJobBody;
    }
    expect(last).toMatchObject({ status: "done", result: { stored: false, imported: 0, problems: [{ row: 2, column: "CCG code" }] } });
    expect((await national.get("/api/collections/s-crt/import/jobs/not-a-job")).statusCode).toBe(404);
  });
});

describe("after every request above", () => {
  it("no definition file was written, added or removed", () => {
    const now = definitionFiles(copy.root);
    expect([...now.keys()].sort()).toEqual([...filesAtStart.keys()].sort());
    for (const [path, text] of filesAtStart) expect(now.get(path), path).toBe(text);
  });
});
