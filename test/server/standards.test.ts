/**
 * The standards team's routes over the real app and a real SQLite file: only standards admins
 * reach them; collections and versions with their locks; the dictionary as HTML (under a CSP
 * that allows only its own stylesheet) and CSV; the diff between versions with migration
 * coverage; migrations in words; and the impact job, whose counts equal `check-data`'s on the
 * same records and carry nothing of the cases themselves.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyWithDraft } from "../fixtures/draft-version.ts";
import { checkData } from "../../ops/index.ts";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const STANDARDS = "/api/standards/collections";
let forms: string;
let tracker: Tracker;
let standards: Client;

beforeAll(async () => {
  ({ forms } = copyWithDraft(20));
  tracker = await startTracker({ today: "2026-11-21", formRoots: [forms] });
  standards = await tracker.signIn("standards");
  const lsc = await tracker.signIn("icb.lsc");
  const nel = await tracker.signIn("icb.nel");
  // Two of LSC's and one of NEL's are too long for 2.1; one of LSC's fits.
  for (const [client, id, name] of [
    [lsc, "STD-1", "Designated Nurse, Safeguarding Adults"],
    [lsc, "STD-2", "Designated Doctor for Safeguarding Children"],
    [lsc, "STD-3", "Named GP"],
    [nel, "STD-4", "Designated Nurse, Safeguarding Adults"],
  ] as const) {
    const res = await client.post(RECORDS, { data: validCase(id, { designated_professional: name }) });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await tracker?.destroy();
  if (forms) rmSync(forms, { recursive: true, force: true });
});

describe("who may use them", () => {
  it.each(["icb.lsc", "region.nw", "national"])("refuses %s with 403 on every route", async (username) => {
    const client = await tracker.signIn(username);
    for (const url of [STANDARDS, `${STANDARDS}/s-crt/versions/2.0/dictionary.html`, `${STANDARDS}/s-crt/versions/2.0/dictionary.csv`, `${STANDARDS}/s-crt/diff?from=1.0&to=2.0`, `${STANDARDS}/s-crt/migrations`, "/api/standards/jobs/x"]) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: "forbidden" });
    }
    expect((await client.post(`${STANDARDS}/s-crt/versions/2.1/impact`)).statusCode).toBe(403);
  });

  it("refuses a visitor who is not signed in", async () => {
    expect((await tracker.anonymous().get(STANDARDS)).statusCode).toBe(401);
  });
});

describe("what standards admins see", () => {
  it("lists every collection and version with status, dates, lock and migrations", async () => {
    const res = await standards.get(STANDARDS);
    expect(res.statusCode, res.body).toBe(200);
    const scrt = (res.json() as { items: { id: string; currentVersion: string; versions: { version: string; status: string; effectiveFrom: string | null; fingerprint: string | null; items: number }[]; migrations: unknown[] }[] }).items.find((c) => c.id === "s-crt")!;
    expect(scrt.currentVersion).toBe("2.0");
    expect(scrt.versions.map((v) => [v.version, v.status])).toEqual([
      ["1.0", "retired"],
      ["2.0", "published"],
      ["2.1", "draft"],
    ]);
    expect(scrt.versions[1]!.fingerprint).toMatch(/^meaning-sha256:/);
    expect(scrt.versions[2]!.fingerprint).toBeNull();
    expect(scrt.versions[1]!.effectiveFrom).toBe("2024-07-19");
    expect(scrt.versions[1]!.items).toBeGreaterThan(15);
    expect(scrt.migrations).toEqual([{ from: "1.0", to: "2.0" }]);
  });

  it("gives the engine's dictionary as HTML under a CSP that allows only its stylesheet, and as CSV", async () => {
    const html = await standards.get(`${STANDARDS}/s-crt/versions/2.1/dictionary.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    expect(html.body).toContain("designated_professional_initials");
    expect(html.headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html.headers["content-security-policy"]).not.toMatch(/unsafe/);
    const csv = await standards.get(`${STANDARDS}/s-crt/versions/2.1/dictionary.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="s-crt-2.1-dictionary.csv"');
    expect(csv.body.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("key,label,type,codes,rules");
    expect(csv.body).toMatch(/designated_professional,.*at most 20 characters/);
    expect((await standards.get(`${STANDARDS}/s-crt/versions/9.9/dictionary.html`)).statusCode).toBe(404);
  });

  it("diffs any two versions, marking breaking changes and whether the migration deals with them", async () => {
    const uplift = (await standards.get(`${STANDARDS}/s-crt/diff?from=1.0&to=2.0`)).json() as { migration: boolean; changes: { kind: string; item: string | null; breaking: boolean; covered: boolean | null }[] };
    expect(uplift.migration).toBe(true);
    expect(uplift.changes.find((c) => c.kind === "item_removed" && c.item === "designated_partnership")).toMatchObject({ breaking: true, covered: true });
    const draft = (await standards.get(`${STANDARDS}/s-crt/diff?from=2.0&to=2.1`)).json() as { migration: boolean; changes: { kind: string; item: string | null; breaking: boolean; covered: boolean | null }[] };
    expect(draft).toMatchObject({ migration: false, changes: [{ kind: "limit_tightened", item: "designated_professional", breaking: true, covered: null }] });
    const bad = await standards.get(`${STANDARDS}/s-crt/diff?from=2.0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/to/);
    expect((await standards.get(`${STANDARDS}/s-crt/diff?from=2.0&to=7`)).statusCode).toBe(404);
  });

  it("describes each migration in words", async () => {
    const body = (await standards.get(`${STANDARDS}/s-crt/migrations`)).json() as { items: { from: string; to: string; steps: string[] }[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]!.steps).toContain("`designated_partnership` (Designated partnership/board/CSP) becomes `safeguarding_partnership` (Safeguarding Partnership/Board).");
    expect(body.items[0]!.steps.join("\n")).toContain("`scr` (Serious Case Review (SCR)) becomes `cspr`");
  });
});

describe("the impact of a draft on the stored records", () => {
  it("runs as a job whose counts, per rule and per ICB, equal check-data's, with no case contents", { timeout: 60_000 }, async () => {
    const started = await standards.post(`${STANDARDS}/s-crt/versions/2.1/impact`);
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json() as { id: string; status: string };
    expect(started.headers.location).toBe(`/api/standards/jobs/${job.id}`);
    let body: { status: string; progress: { checked: number; total: number }; result: { checked: number; failing: number; rules: { item: string; message: string; records: number }[]; owners: { code: string; name: string; records: number }[] } | null } | undefined;
    await expect
      .poll(async () => {
        body = (await standards.get(`/api/standards/jobs/${job.id}`)).json() as typeof body;
        return body!.status;
      })
      .toBe("done");
    const direct = await checkData({ store: tracker.context.store, rules: tracker.context.registry.get("s-crt", "2.1")!, recordsVersion: "2.0", today: "2026-11-21" });
    expect(direct.failing).toBe(3);
    expect(body!.result!.checked).toBe(direct.checked);
    expect(body!.result!.failing).toBe(direct.failing);
    expect(body!.result!.rules).toEqual(Object.entries(direct.byItem).flatMap(([item, e]) => Object.entries(e.messages).map(([message, records]) => ({ item, label: expect.any(String), message, records }))));
    expect(body!.result!.owners.map((o) => [o.code, o.records])).toEqual([
      ["QE1", 2],
      ["QMF", 1],
    ]);
    expect(body!.progress).toEqual({ checked: 4, total: 4 });
    // Counts only: nothing of a case (identifiers, answers) is in the job.
    const text = JSON.stringify(body);
    for (const leak of ["STD-1", "Designated Nurse", "Safeguarding Adults Board"]) expect(text).not.toContain(leak);
  });

  it("shows a job only to the person who started it", async () => {
    const started = (await standards.post(`${STANDARDS}/s-crt/versions/2.0/impact`)).json() as { id: string };
    const sameUser = await tracker.signIn("standards");
    expect((await sameUser.get(`/api/standards/jobs/${started.id}`)).statusCode).toBe(200);
    // Another standards admin does not see it.
    await tracker.context.store.ensureUser({ username: "standards.two", displayName: "Second standards admin", role: "standards_admin", orgCode: "X24", source: "demo" });
    const colleague = await tracker.signIn("standards.two");
    expect((await colleague.get(`/api/standards/jobs/${started.id}`)).statusCode).toBe(404);
    expect((await standards.get("/api/standards/jobs/00000000-0000-0000-0000-000000000000")).statusCode).toBe(404);
  });
});
