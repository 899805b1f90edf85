/**
 * Hosting a new collection takes no code. `forms new` scaffolds a collection into a temporary
 * SCRT_FORMS folder beside a copy of the shipped S-CRT, `forms publish` publishes its first
 * version, and the real server started on that folder offers its compiled form, stores and
 * lists its records with ICB scoping, extracts it and counts it on the dashboard.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaffoldFiles } from "../cli/scaffold.ts";
import { formatProblem, lint, PROJECT_ROOT, todayInLondon } from "../engine/index.ts";
import { runCli } from "./helpers.ts";
import { startTracker, type Tracker } from "./server/harness.ts";

const ID = "incident-log";
const API = `/api/collections/${ID}`;
const TODAY = todayInLondon();
let root: string;
let tracker: Tracker;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "scrt-new-collection-"));
  cpSync(join(PROJECT_ROOT, "forms/s-crt"), join(root, "s-crt"), { recursive: true });
  const env = { SCRT_FORMS: root };
  const made = runCli(["forms", "new", ID, "--dir", root], { cwd: root, env });
  if (made.status !== 0) throw new Error(`forms new failed: ${made.stdout}${made.stderr}`);
  const published = runCli(["forms", "publish", ID, "1.0"], { cwd: root, env });
  if (published.status !== 0) throw new Error(`forms publish failed: ${published.stdout}${published.stderr}`);
  tracker = await startTracker({ formRoots: [root], today: TODAY });
}, 300_000);
afterAll(async () => {
  await tracker?.destroy();
  if (root) rmSync(root, { recursive: true, force: true });
});

const record = (reference: string, extra: Record<string, unknown> = {}) => ({ data: { reference, status: "open", date_opened: "2026-11-01", summary: "Fictional record for tests.", ...extra } });

describe("forms new", () => {
  it("scaffolded a folder that lints clean, with a schema line on each file, and publishing it wrote a lock", () => {
    expect(lint([join(root, ID)]).problems).toEqual([]);
    for (const file of ["collection.yaml", "versions/1.0.yaml", "choices/incident_log_status.yaml"]) {
      expect(readFileSync(join(root, ID, file), "utf8")).toMatch(/^# yaml-language-server: \$schema=\S+\.schema\.json\n/);
    }
    expect(readFileSync(join(root, ID, "versions/1.0.yaml"), "utf8")).toContain("status: published");
    expect(existsSync(join(root, ID, "versions.lock.yaml"))).toBe(true);
  });

  it.each(["a", "review-2", "x-y-z"])("scaffolds %s so that it lints clean", (id) => {
    const dir = join(mkdtempSync(join(tmpdir(), "scrt-scaffold-")), id);
    try {
      for (const [file, text] of scaffoldFiles(id, dir, "2025-04-01")) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      expect(lint([dir]).problems.map(formatProblem)).toEqual([]);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it("refuses a folder that exists, and an id that cannot be one, saying why", () => {
    const again = runCli(["forms", "new", ID, "--dir", root], { cwd: root, env: { SCRT_FORMS: root } });
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`scrt: ${ID} already exists; choose another id, or another folder with --dir\n`);
    const bad = runCli(["forms", "new", "Incident_Log", "--dir", root], { cwd: root, env: { SCRT_FORMS: root } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('scrt: "Incident_Log" cannot be a collection id: use lowercase letters, digits and -, starting with a letter (like incident-log)\n');
    expect(existsSync(join(root, "Incident_Log"))).toBe(false);
  });
});

describe("the server, with no code change", () => {
  it("offers the new collection and its compiled form beside S-CRT", async () => {
    const lsc = await tracker.signIn("icb.lsc");
    const collections = (await lsc.get("/api/collections")).json() as { items: { id: string }[] };
    expect(collections.items.map((c) => c.id)).toEqual(expect.arrayContaining(["s-crt", ID]));
    const form = await lsc.get(`${API}/versions/1.0`);
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toMatchObject({ status: "published", collection: { id: ID, title: "Incident log" } });
    expect((form.json() as { items: { key: string }[] }).items.map((i) => i.key)).toEqual(["reference", "status", "date_opened", "date_closed", "summary"]);
    const me = (await lsc.get("/auth/me")).json() as { permissions: { createIn: string[] } };
    expect(me.permissions.createIn).toContain(ID);
  });

  it("stores and lists records with ICB scoping: each ICB sees only its own, another ICB's is 404", async () => {
    const lsc = await tracker.signIn("icb.lsc");
    const nel = await tracker.signIn("icb.nel");
    const a = await lsc.post(`${API}/records`, record("LSC-1"));
    expect(a.statusCode, a.body).toBe(201);
    const b = await nel.post(`${API}/records`, record("NEL-1"));
    expect(b.statusCode, b.body).toBe(201);
    const aId = (a.json() as { id: string }).id;
    const bId = (b.json() as { id: string }).id;

    const lscList = (await lsc.get(`${API}/records`)).json() as { items: { id: string; ownerOrg: string }[]; total: number };
    expect(lscList.items.map((r) => [r.id, r.ownerOrg])).toEqual([[aId, "QE1"]]);
    expect(lscList.total).toBe(1);
    expect((await lsc.get(`${API}/records/${bId}`)).statusCode).toBe(404);
    expect((await nel.get(`${API}/records/${aId}`)).statusCode).toBe(404);
    expect((await nel.put(`${API}/records/${aId}`, record("NEL-2"), { "if-match": '"1"' })).statusCode).toBe(404);

    const national = await tracker.signIn("national");
    const all = (await national.get(`${API}/records`)).json() as { total: number };
    expect(all.total).toBe(2);
    // The S-CRT list is untouched by the new collection's records.
    expect(((await national.get("/api/collections/s-crt/records")).json() as { items: { collection: string }[] }).items.every((r) => r.collection === "s-crt")).toBe(true);
  });

  it("applies the definition's own rules: validation, uniqueness within the ICB, the action", async () => {
    const lsc = await tracker.signIn("icb.lsc");
    const invalid = await lsc.post(`${API}/records`, { data: { status: "open" } });
    expect(invalid.statusCode).toBe(422);
    expect((invalid.json() as { errors: { path: string; message: string }[] }).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "/reference", message: "Enter the reference" }), expect.objectContaining({ path: "/date_opened" })]),
    );
    const created = await lsc.post(`${API}/records`, record("LSC-2"));
    expect(created.statusCode).toBe(201);
    expect((created.json() as { permissions: { actions: string[] } }).permissions.actions).toEqual(["close"]);
    const duplicate = await lsc.post(`${API}/records`, record("lsc-2"));
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json()).toMatchObject({ code: "duplicate_value" });
    // Another ICB may use the same reference.
    expect((await (await tracker.signIn("icb.nel")).post(`${API}/records`, record("LSC-2"))).statusCode).toBe(201);
  });

  it("extracts it, scoped like S-CRT: national users every ICB's records, an ICB user their own", async () => {
    const national = await tracker.signIn("national");
    const all = await national.get(`${API}/extract?asAt=${TODAY}`);
    expect(all.statusCode, all.body).toBe(200);
    const lines = all.body.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toMatch(/^record_id,owner_org,owner_name,region_code,region_name,form_version,revision,created_at,updated_at,complete,reference,status,date_opened,date_closed,summary/);
    expect(lines.slice(1).map((l) => l.split(",")[1]).sort()).toEqual(["QE1", "QE1", "QMF", "QMF"]);
    const lsc = await tracker.signIn("icb.lsc");
    const own = await lsc.get(`${API}/extract?asAt=${TODAY}`);
    expect(own.statusCode).toBe(200);
    const ownRows = own.body.trim().split("\r\n").slice(1);
    expect(ownRows.map((l) => l.split(",")[1])).toEqual(["QE1", "QE1"]);
    expect(own.body).not.toContain("NEL-1");
  });

  it("counts it on the dashboard from its settings alone", async () => {
    const national = await tracker.signIn("national");
    const res = await national.get(`${API}/dashboard`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ collection: ID, total: 4, open: 4 });
    expect((res.json() as { byItem: Record<string, { code: string; count: number }[]> }).byItem.status).toEqual(expect.arrayContaining([expect.objectContaining({ code: "open", count: 4 })]));
  });
});
