/**
 * Two tracker processes on one PostgreSQL database behave as one: a session made on one is
 * honoured by the other, and of concurrent saves of the same revision split across both,
 * exactly one lands and every other gets 412; an import job started on one is polled to its end
 * on the other, which also refuses the same user a second import while it runs. Runs when TEST_POSTGRES_URL names a role that may
 * create databases (.ci/run sets it up); each run gets a database of its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportJobBody } from "../../api/index.ts";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";

const ADMIN_URL = process.env.TEST_POSTGRES_URL;
const SLOW = { timeout: 240_000 };

describe.skipIf(!ADMIN_URL)("two tracker instances on one PostgreSQL database", () => {
  const database = `t_two_${randomBytes(6).toString("hex")}`;
  const folder = mkdtempSync(join(tmpdir(), "scrt-two-"));
  const children: ChildProcess[] = [];
  let one = "";
  let two = "";

  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** Starts `npm start` on the shared database; resolves with its address once it listens. */
  function start(name: string, databaseUrl: string): Promise<string> {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "server/main.ts")], {
      env: {
        ...process.env,
        PORT: "0",
        DATA_DIR: join(folder, name),
        DATABASE_URL: databaseUrl,
        // Both instances sign cookies alike, as the README asks of several instances.
        SESSION_SECRET: "two-instances-test-secret-that-is-long-enough-0123456789",
        NODE_ENV: "development",
        SCRT_READ_WORKERS: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = "";
      const collect = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /S-CRT is running at (http:\/\/[^\s]+) /.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on("data", collect);
      child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`instance ${name} exited with ${code}: ${out}`)));
    });
  }

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const url = new URL(ADMIN_URL!);
    url.pathname = `/${database}`;
    // One after the other: the first migrates and seeds, the second finds it done.
    one = await start("one", url.toString());
    two = await start("two", url.toString());
  }, 180_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode !== null ? undefined : new Promise((resolve) => child.once("exit", resolve)))));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    rmSync(folder, { recursive: true, force: true });
  });

  it("a session made on one instance is honoured by the other; signing out on one ends it on both", SLOW, async () => {
    const login = await fetch(`${one}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "icb.nel" }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const me = await fetch(`${two}/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe("icb.nel");
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const out = await fetch(`${two}/auth/logout`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken } });
    expect(out.status).toBeLessThan(400);
    expect((await fetch(`${one}/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it("concurrent saves of one revision through both instances: exactly one 200, every other 412", SLOW, async () => {
    const login = await fetch(`${one}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "icb.nel" }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const list = (await (await fetch(`${two}/api/collections/s-crt/records?pageSize=1`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    const id = list.items[0]!.id;
    const record = (await (await fetch(`${one}/api/collections/s-crt/records/${id}`, { headers: { cookie } })).json()) as { data: Record<string, unknown>; revision: number };
    const saves = Array.from({ length: 10 }, (_, n) =>
      fetch(`${n % 2 ? two : one}/api/collections/s-crt/records/${id}`, {
        method: "PUT",
        headers: { cookie, "content-type": "application/json", "x-csrf-token": csrfToken, "if-match": `"${record.revision}"` },
        body: JSON.stringify({ data: { ...record.data, brief_overview: `Saved by attempt ${n}.` } }),
      }),
    );
    const statuses = (await Promise.all(saves)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(412)]);
    const after = (await (await fetch(`${two}/api/collections/s-crt/records/${id}`, { headers: { cookie } })).json()) as { revision: number; data: { brief_overview: string } };
    expect(after.revision).toBe(record.revision + 1);
    expect(after.data.brief_overview).toMatch(/^Saved by attempt \d\.$/);
  });

  it("an import job started through one instance is polled to completion through the other, which refuses a second one meanwhile", SLOW, async () => {
    const login = await fetch(`${one}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "national" }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const post = (base: string, text: string) =>
      fetch(`${base}/api/collections/s-crt/import?version=1.0`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "content-type": "text/csv" }, body: text });
    const file = buildLegacyCsv(600, 4242).text;

    const started = await post(one, file);
    expect(started.status).toBe(202);
    const location = started.headers.get("location")!;
    const job = (await started.json()) as ImportJobBody;
    expect(location).toBe(`/api/collections/s-crt/import/jobs/${job.id}`);

    // The other instance knows the job is running: the same user's second import is refused there too.
    const second = await post(two, file);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { code: string }).code).toBe("job_running");

    let last = job;
    for (let i = 0; i < 1200 && last.status === "running"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const polled = await fetch(`${two}${location}`, { headers: { cookie } });
      expect(polled.status).toBe(200);
      last = (await polled.json()) as ImportJobBody;
      expect(last.id).toBe(job.id);
    }
    expect(last).toMatchObject({ status: "done", progress: { checked: 600, total: 600 }, result: { rows: 600, stored: true } });
    expect(last.result!.imported + last.result!.alreadyImported).toBe(600);

    // Another user does not see it, on either instance.
    const other = await fetch(`${two}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "icb.nel" }) });
    const otherCookie = other.headers.get("set-cookie")!.split(";")[0]!;
    expect((await fetch(`${two}${location}`, { headers: { cookie: otherCookie } })).status).toBeGreaterThanOrEqual(403);
  });
});
