/**
 * The data folder's lock, on real files and real processes: refused while its process lives,
 * replaced (and said so) when that process is gone or its pid now belongs to another process,
 * refused when it was taken on another machine, whose processes cannot be seen from here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { dataLockHolder, LOCK_FILE_NAME, takeDataLock, type LockOwner } from "./index.ts";

const root = mkdtempSync(join(tmpdir(), "scrt-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => join(root, `data-${++folders}`);

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

function writeLock(dir: string, owner: Partial<LockOwner>): string {
  const file = join(dir, LOCK_FILE_NAME);
  const lock = takeDataLock(dir, "server");
  if (!lock.ok) throw new Error(lock.message);
  lock.release();
  writeFileSync(file, JSON.stringify({ role: "server", hostname: hostname(), startedAt: "2026-11-21T09:00:00.000Z", token: "t", ...owner }));
  return file;
}

it("is refused while its process is alive, and free again once released", () => {
  const dir = folder();
  const first = takeDataLock(dir, "server");
  expect(first.ok).toBe(true);
  if (!first.ok) return;
  expect(statSync(first.file).mode & 0o777).toBe(0o600);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(dataLockHolder(dir)).toMatchObject({ role: "server", pid: process.pid });

  const second = takeDataLock(dir, "restore");
  expect(second).toMatchObject({ ok: false, code: "locked" });
  if (!second.ok) expect(second.message).toMatch(new RegExp(`^a tracker server \\(pid ${process.pid}, started .*\\) is using ${dir}: stop it first$`));

  first.release();
  expect(existsSync(first.file)).toBe(false);
  const third = takeDataLock(dir, "restore");
  expect(third).toMatchObject({ ok: true, replacedStale: undefined });
  if (third.ok) third.release();
});

it("replaces a lock left by a process that has exited, and says so", () => {
  const dir = folder();
  const pid = deadPid();
  writeLock(dir, { pid });
  expect(dataLockHolder(dir)).toBeUndefined();
  const lock = takeDataLock(dir, "restore");
  expect(lock.ok).toBe(true);
  if (!lock.ok) return;
  expect(lock.replacedStale).toMatch(new RegExp(`stale lock \\(a tracker server \\(pid ${pid}, .*\\): that process is no longer running\\)`));
  expect(JSON.parse(readFileSync(lock.file, "utf8"))).toMatchObject({ role: "restore", pid: process.pid });
  lock.release();
});

it("replaces a lock whose pid now belongs to another process (a restart reused it)", () => {
  const dir = folder();
  // This process is alive, but it is not the process that took the lock: its start differs.
  writeLock(dir, { pid: process.pid, processStart: "1" });
  const lock = takeDataLock(dir, "server");
  expect(lock.ok).toBe(true);
  if (lock.ok) {
    expect(lock.replacedStale).toMatch(/is now another process/);
    lock.release();
  }
});

it("replaces a lock from before the machine restarted", () => {
  const dir = folder();
  writeLock(dir, { pid: process.pid, bootId: "00000000-0000-0000-0000-000000000000" });
  const lock = takeDataLock(dir, "server");
  expect(lock).toMatchObject({ ok: true, replacedStale: expect.stringMatching(/the machine has restarted since/) });
  if (lock.ok) lock.release();
});

it("refuses a lock taken on another machine, saying how to clear it", () => {
  const dir = folder();
  const file = writeLock(dir, { pid: deadPid(), hostname: "another-host" });
  const lock = takeDataLock(dir, "restore");
  expect(lock).toMatchObject({ ok: false, code: "locked" });
  if (!lock.ok) expect(lock.message).toContain(`the lock was taken on another-host, not on this machine; if it has stopped, delete ${file}`);
  expect(existsSync(file)).toBe(true);
});

it("replaces a lock file that is not a lock", () => {
  const dir = folder();
  const file = writeLock(dir, {});
  writeFileSync(file, "");
  const lock = takeDataLock(dir, "server");
  expect(lock).toMatchObject({ ok: true, replacedStale: expect.stringMatching(/could not be read \(not JSON\); it was removed/) });
  if (lock.ok) lock.release();
});

it("leaves a lock taken by someone else alone when releasing", () => {
  const dir = folder();
  const lock = takeDataLock(dir, "server");
  if (!lock.ok) throw new Error(lock.message);
  writeFileSync(lock.file, JSON.stringify({ role: "server", pid: process.pid, hostname: hostname(), startedAt: "now", token: "someone else" }));
  lock.release();
  expect(existsSync(lock.file)).toBe(true);
});
