/**
 * `npm start` as a person runs it: a new process with an empty DATA_DIR creates the SQLite
 * file, seeds the demo users and cases, and serves the API with the dev sign-in.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../engine/index.ts";

const dataDir = join(mkdtempSync(join(tmpdir(), "scrt-start-")), "data");
const child = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "server/main.ts")], {
  env: { ...process.env, PORT: "0", DATA_DIR: dataDir, NODE_ENV: "development" },
  stdio: ["ignore", "pipe", "pipe"],
});
afterAll(() => {
  child.kill("SIGTERM");
  rmSync(join(dataDir, ".."), { recursive: true, force: true });
});

function address(): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /S-CRT is running at (http:\/\/[^\s]+) /.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

it("starts on an empty data folder, seeds users and demo cases, and serves the API", async () => {
  const base = await address();
  expect(existsSync(join(dataDir, "tracker.sqlite"))).toBe(true);
  const login = await fetch(`${base}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "icb.nel" }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  expect(login.headers.get("set-cookie")).toMatch(/HttpOnly/i);
  expect(login.headers.get("set-cookie")).toMatch(/SameSite=Strict/i);
  const list = await fetch(`${base}/api/collections/s-crt/records`, { headers: { cookie } });
  const body = (await list.json()) as { total: number; items: { ownerOrg: string }[] };
  expect(body.total).toBeGreaterThan(0);
  expect(new Set(body.items.map((r) => r.ownerOrg))).toEqual(new Set(["QMF"]));
  const docs = await fetch(`${base}/docs/json`);
  expect(docs.status).toBe(200);
  expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty("/api/collections/{collection}/records/{id}");
});

it("runs the same server through the CLI's serve command, with the collections of SCRT_FORMS", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scrt-serve-"));
  const serve = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "cli/main.ts"), "serve"], {
    env: { ...process.env, PORT: "0", DATA_DIR: dir, NODE_ENV: "development", SCRT_FORMS: join(PROJECT_ROOT, "examples") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      serve.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /S-CRT is running at (http:\/\/[^\s]+) /.exec(out);
        if (m) resolve(m[1]!);
      });
      serve.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    expect((await fetch(`${base}/api/collections`)).status).toBe(401);
    const login = await fetch(`${base}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "icb.nel" }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const collections = (await (await fetch(`${base}/api/collections`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    expect(collections.items.map((c) => c.id)).toEqual(["action-plan"]);
  } finally {
    serve.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
});
