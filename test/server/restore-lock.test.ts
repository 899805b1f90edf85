/**
 * `scrt restore` and the server's lock on the data folder, with the real server in its own
 * process (as `npm start` runs it): a restore is refused while the server runs and works once
 * it has stopped; a second server is refused; a server killed without a chance to clean up
 * leaves a lock that the next restore reports and replaces, and the writes it had acknowledged
 * stay in the database kept aside.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { openSqliteStore } from "../../storage/index.ts";
import { runCli } from "../helpers.ts";
import { validCase } from "./harness.ts";

const root = mkdtempSync(join(tmpdir(), "scrt-restore-lock-"));
const dataDir = join(root, "data");
const env = { DATA_DIR: dataDir };
const running = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

interface Server {
  child: ChildProcessWithoutNullStreams;
  base: string;
  exited: Promise<number | null>;
}

/** The server as one Node process (tsx as a loader, not its launcher), so the pid in the lock is the child's. */
function spawnServer(): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "server/main.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: "0", DATA_DIR: dataDir, NODE_ENV: "test", NODE_NO_WARNINGS: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.on("exit", (code) => resolve(code))));
}

async function startServer(): Promise<Server> {
  const child = spawnServer();
  const exited = exitOf(child);
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /S-CRT is running at (http:\/\/[^\s]+) /.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, base, exited };
}

async function createCase(base: string, id: string): Promise<string> {
  const login = await fetch(`${base}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "icb.lsc" }) });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/collections/s-crt/records`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ data: validCase(id) }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function caseIn(file: string, id: string): Promise<boolean> {
  const store = await openSqliteStore({ file });
  try {
    return (await store.getRecord("s-crt", id)) !== undefined;
  } finally {
    await store.close();
  }
}

it("refuses a restore while the server runs, and a second server; restores once the server has stopped", { timeout: 180_000 }, async () => {
  const server = await startServer();
  const lock = JSON.parse(readFileSync(join(dataDir, "tracker.lock"), "utf8")) as { pid: number; role: string; startedAt: string };
  expect(lock).toMatchObject({ pid: server.child.pid, role: "server" });
  expect(mode(join(dataDir, "tracker.lock"))).toBe("600");
  expect(mode(dataDir)).toBe("700");
  for (const file of ["tracker.sqlite", "tracker.sqlite-wal", "tracker.sqlite-shm", "session-secret"]) expect(mode(join(dataDir, file)), file).toBe("600");

  const backupFile = join(root, "before.sqlite");
  const backup = runCli(["backup", "--out", backupFile], { env });
  expect(backup.status).toBe(0);
  // Made after the backup: present in the database the restore replaces, absent from the backup.
  const later = await createCase(server.base, "2026/LATER");

  const refused = runCli(["restore", backupFile], { env });
  expect(refused.status).toBe(1);
  expect(refused.stdout).toBe("");
  expect(refused.stderr).toBe(`scrt: restore: cannot restore: a tracker server (pid ${server.child.pid}, started ${lock.startedAt}) is using ${dataDir}: stop it first\n`);
  expect(readdirSync(dataDir).filter((f) => f.includes("before-restore") || f.includes("restoring"))).toEqual([]);

  const second = spawnServer();
  let secondErr = "";
  second.stderr.on("data", (chunk: Buffer) => (secondErr += chunk.toString()));
  expect(await exitOf(second)).toBe(1);
  expect(secondErr).toContain(`Could not start: a tracker server (pid ${server.child.pid}, started ${lock.startedAt}) is using ${dataDir}: stop it first`);
  expect(JSON.parse(readFileSync(join(dataDir, "tracker.lock"), "utf8"))).toMatchObject({ pid: server.child.pid });

  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
  expect(existsSync(join(dataDir, "tracker.lock"))).toBe(false);

  const restored = runCli(["restore", backupFile], { env });
  expect(restored.stderr).toBe("");
  expect(restored.status).toBe(0);
  const aside = /kept at (\S+); delete it/.exec(restored.stdout)?.[1];
  expect(aside).toMatch(new RegExp(`^${join(dataDir, "tracker.sqlite.before-restore-")}\\d{4}-\\d\\d-\\d\\dT`));
  expect(mode(aside!)).toBe("600");
  expect(mode(join(dataDir, "tracker.sqlite"))).toBe("600");
  expect(existsSync(join(dataDir, "tracker.sqlite-wal"))).toBe(false);
  expect(existsSync(join(dataDir, "tracker.lock"))).toBe(false);
  expect(await caseIn(aside!, later)).toBe(true);
  expect(await caseIn(join(dataDir, "tracker.sqlite"), later)).toBe(false);
});

it("reports and replaces the lock of a killed server, keeping its last writes with the database it sets aside", { timeout: 180_000 }, async () => {
  const server = await startServer();
  const backupFile = join(root, "before-kill.sqlite");
  expect(runCli(["backup", "--out", backupFile], { env }).status).toBe(0);
  const lastWrite = await createCase(server.base, "2026/KILLED");
  server.child.kill("SIGKILL");
  await server.exited;
  // Killed: no chance to remove its lock or fold its write-ahead log into the database.
  expect(existsSync(join(dataDir, "tracker.lock"))).toBe(true);
  expect(existsSync(join(dataDir, "tracker.sqlite-wal"))).toBe(true);

  const restored = runCli(["restore", backupFile], { env });
  expect(restored.stderr).toBe("");
  expect(restored.status).toBe(0);
  expect(restored.stdout).toMatch(new RegExp(`^A stale lock \\(a tracker server \\(pid ${server.child.pid}, started [^)]*\\): that process is no longer running\\) was found in ${join(dataDir, "tracker.lock")} and removed\\.\n`));
  const aside = /kept at (\S+); delete it/.exec(restored.stdout)?.[1];
  expect(aside).toBeDefined();
  for (const suffix of ["-wal", "-shm"]) expect(existsSync(join(dataDir, `tracker.sqlite${suffix}`)), suffix).toBe(false);
  expect(await caseIn(aside!, lastWrite)).toBe(true);
  expect(await caseIn(join(dataDir, "tracker.sqlite"), lastWrite)).toBe(false);
  expect(existsSync(join(dataDir, "tracker.lock"))).toBe(false);
});
