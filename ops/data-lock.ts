/**
 * Who is using the data folder. The server takes DATA_DIR/tracker.lock at start and removes it
 * at close; a restore takes the same lock while it swaps the database. A restore under a running
 * server would have the server write into a file that is no longer the database (or, worse,
 * replay its write-ahead log onto the restored one), so each refuses while the other's process
 * is alive. A lock left by a process that died (killed, power cut) is reported and replaced.
 */
import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_FILE_NAME = "tracker.lock";

export type LockRole = "server" | "restore";

export interface LockOwner {
  role: LockRole;
  pid: number;
  hostname: string;
  startedAt: string;
  /**
   * Linux: the boot and the process's start time in clock ticks since boot. A pid is reused
   * after a reboot or once enough processes have come and gone (in a container the server is
   * often pid 1 every time); with these a reused pid is not mistaken for the lock's owner.
   */
  bootId?: string;
  processStart?: string;
  /** Tells this lock from another one taken later by the same process. */
  token: string;
}

export interface HeldLock {
  ok: true;
  file: string;
  /** Says so when the lock replaced one left by a process that is no longer running. */
  replacedStale: string | undefined;
  release(): void;
}

export interface LockRefused {
  ok: false;
  code: "locked";
  owner: LockOwner | undefined;
  message: string;
}

export type LockResult = HeldLock | LockRefused;

type Liveness = { state: "alive" } | { state: "dead"; why: string } | { state: "unknown"; why: string };

/**
 * Takes the data folder's lock for `role`, or says who holds it. The lock is released by
 * `release()` and, as a backstop, when the process exits.
 */
export function takeDataLock(dataDir: string, role: LockRole): LockResult {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { role, pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), ...processIdentity(process.pid), token: randomUUID() };
  let replacedStale: string | undefined;
  // A few tries: another process may take or clear the lock between our look and our write.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(file, `${JSON.stringify(me, null, 2)}\n`)) {
      const release = () => {
        process.removeListener("exit", release);
        const current = readLock(file);
        if (current.kind === "lock" && current.owner.token === me.token) unlinkQuietly(file);
      };
      process.once("exit", release);
      return { ok: true, file, replacedStale, release };
    }
    const found = readLock(file);
    if (found.kind === "missing") continue;
    if (found.kind === "garbled") {
      // Written by link() from a complete file, so a lock never appears half written: this one
      // was damaged after the fact and says nothing about a live process.
      replacedStale = `${file} could not be read (${found.why}); it was removed.`;
      unlinkIfUnchanged(file, found.text);
      continue;
    }
    const liveness = livenessOf(found.owner);
    if (liveness.state === "dead") {
      replacedStale = `A stale lock (${describe(found.owner)}: ${liveness.why}) was found in ${file} and removed.`;
      unlinkIfUnchanged(file, found.text);
      continue;
    }
    const why = liveness.state === "unknown" ? ` (${liveness.why}; if it has stopped, delete ${file})` : "";
    return {
      ok: false,
      code: "locked",
      owner: found.owner,
      message: `${describe(found.owner)} is using ${dataDir}${why}: stop it first`,
    };
  }
  return { ok: false, code: "locked", owner: undefined, message: `${file} keeps changing: another process is taking the lock` };
}

/** What holds the lock now, if a live process does (for messages and tests). */
export function dataLockHolder(dataDir: string): LockOwner | undefined {
  const found = readLock(join(dataDir, LOCK_FILE_NAME));
  return found.kind === "lock" && livenessOf(found.owner).state !== "dead" ? found.owner : undefined;
}

function describe(owner: LockOwner): string {
  const what = owner.role === "server" ? "a tracker server" : "a restore";
  const where = owner.hostname === hostname() ? "" : ` on ${owner.hostname}`;
  return `${what} (pid ${owner.pid}${where}, started ${owner.startedAt})`;
}

/** Writes a complete file beside the lock, then links it into place: link() fails if the lock exists. */
function createExclusive(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(temp, text, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkQuietly(temp);
  }
}

type Found = { kind: "missing" } | { kind: "garbled"; text: string; why: string } | { kind: "lock"; text: string; owner: LockOwner };

function readLock(file: string): Found {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || !Number.isInteger(owner.pid) || owner.pid <= 0 || typeof owner.token !== "string") {
      return { kind: "garbled", text, why: "no process id" };
    }
    const role: LockRole = owner.role === "restore" ? "restore" : "server";
    return { kind: "lock", text, owner: { ...owner, pid: owner.pid, token: owner.token, role, hostname: String(owner.hostname ?? ""), startedAt: String(owner.startedAt ?? "at an unknown time") } };
  } catch {
    return { kind: "garbled", text, why: "not JSON" };
  }
}

function livenessOf(owner: LockOwner): Liveness {
  // Another machine's (or container's) processes cannot be seen from here.
  if (owner.hostname !== hostname()) return { state: "unknown", why: `the lock was taken on ${owner.hostname}, not on this machine` };
  const now = processIdentity(owner.pid);
  if (owner.bootId && now.bootId && owner.bootId !== now.bootId) return { state: "dead", why: "the machine has restarted since" };
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another account.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return { state: "dead", why: "that process is no longer running" };
  }
  if (owner.processStart && now.processStart && owner.processStart !== now.processStart) {
    return { state: "dead", why: `that process is no longer running (pid ${owner.pid} is now another process)` };
  }
  return { state: "alive" };
}

/** Linux's boot id and a process's start time; absent where /proc is not there to read. */
function processIdentity(pid: number): { bootId?: string; processStart?: string } {
  const identity: { bootId?: string; processStart?: string } = {};
  try {
    identity.bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    // Not Linux: liveness falls back to the pid alone.
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const start = fields[19];
    if (start) identity.processStart = start;
  } catch {
    // Gone, or not Linux.
  }
  return identity;
}

function unlinkIfUnchanged(file: string, text: string): void {
  try {
    if (readFileSync(file, "utf8") === text) unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
