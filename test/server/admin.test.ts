/**
 * Maintenance through the API: standards admins publish and retire versions (refused while a
 * breaking change has no migration); national users import legacy files. Nobody else may.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";
import { copyCollection, type TempCollection } from "../helpers.ts";
import { RECORDS, startTracker, validCase, type Tracker } from "./harness.ts";

let copy: TempCollection;
let tracker: Tracker;
beforeAll(async () => {
  copy = copyCollection();
  const v20 = readFileSync(join(copy.dir, "versions/2.0.yaml"), "utf8");
  const draft = (version: string, edit: (t: string) => string) =>
    copy.write(`versions/${version}.yaml`, edit(v20.replace('version: "2.0"', `version: "${version}"`).replace("status: published", "status: draft").replace('supersedes: "1.0"', 'supersedes: "2.0"')));
  draft("2.1", (t) => t.replace("    label: Latest update\n", "    label: Latest update on the case\n"));
  tracker = await startTracker({ formRoots: [copy.root] });
});
afterAll(async () => {
  await tracker?.destroy();
  copy?.cleanup();
});

describe("publishing through the API", () => {
  it("is for standards admins only", async () => {
    const editor = await tracker.signIn("icb.lsc");
    expect((await editor.post("/api/collections/s-crt/versions/2.1/publish")).statusCode).toBe(403);
  });

  it("publishes a draft, retires the current version, and new cases go to the new version", async () => {
    const standards = await tracker.signIn("standards");
    const res = await standards.post("/api/collections/s-crt/versions/2.1/publish");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ message: "published 2.1; retired 2.0", versions: [{ version: "1.0", status: "retired" }, { version: "2.0", status: "retired" }, { version: "2.1", status: "published" }] });
    const editor = await tracker.signIn("icb.lsc");
    const created = await editor.post(RECORDS, { data: validCase("LSC-21-1") });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().version).toBe("2.1");
  });

  it("refuses a breaking draft without a migration, listing what is not covered", async () => {
    const v21 = readFileSync(join(copy.dir, "versions/2.1.yaml"), "utf8");
    copy.write("versions/2.2.yaml", v21.replace('version: "2.1"', 'version: "2.2"').replace("status: published", "status: draft").replace('supersedes: "2.0"', 'supersedes: "2.1"').replace("    max_length: 50\n", "    max_length: 30\n"));
    const standards = await tracker.signIn("standards");
    const res = await standards.post("/api/collections/s-crt/versions/2.2/publish");
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain("version 2.2 has 1 breaking change from 2.1 that no migration covers");
    expect(res.json().errors).toEqual([{ path: "/steis_or_local_id", code: "limit_tightened", message: "steis_or_local_id: maximum length 50 → 30" }]);
  });
});

describe("legacy import through the API", () => {
  const url = "/api/collections/s-crt/import?version=1.0";
  const csv = buildLegacyCsv(20, 7).text;

  it("is for national users only, and takes CSV text", async () => {
    const editor = await tracker.signIn("icb.lsc");
    expect((await editor.post(url, csv, { "content-type": "text/csv" })).statusCode).toBe(403);
    const national = await tracker.signIn("national");
    expect((await national.post(url, { csv }, {})).statusCode).toBe(415);
  });

  it("refuses a file with a bad row, storing nothing, and imports a good one once", async () => {
    const national = await tracker.signIn("national");
    const bad = csv.replace(/,02Q\r\n/, ",NOPE\r\n");
    const refused = await national.post(url, bad, { "content-type": "text/csv" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ stored: false, imported: 0, problems: [{ row: 2, column: "CCG code" }] });
    const first = await national.post(url, csv, { "content-type": "text/csv" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ rows: 20, imported: 20, alreadyImported: 0, message: "20 cases imported, 0 already imported" });
    const again = await national.post(url, csv, { "content-type": "text/csv" });
    expect(again.json()).toMatchObject({ imported: 0, alreadyImported: 20 });
    expect(await tracker.context.store.countRecords("s-crt")).toBe(21);
  });
});
