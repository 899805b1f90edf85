/**
 * One data command at a time on a shared PostgreSQL database. Import, migrate, check-data, owner
 * moves and extracts scan or rewrite many records in batches; two at once (from two machines,
 * say, or an operator running one twice) would interleave their batches and report each other's
 * half-done work. Each takes a PostgreSQL session advisory lock first: the second is refused
 * with who holds it. The lock belongs to a connection of its own, so it is released when the
 * command ends, and also if the command's process dies (the server drops the connection).
 *
 * The embedded SQLite database has a single machine and its own write lock; there the lock is
 * not needed and taking it does nothing.
 */
import { hostname } from "node:os";
import pg from "pg";
import type { Config } from "./config.ts";

/** The lock's two keys ("SC" "RT"): constant, so every tracker and command agree on it. */
const LOCK_KEYS = [0x5343, 0x5254] as const;

/** PostgreSQL keeps 63 bytes of a connection's application_name. */
const MAX_APPLICATION_NAME = 63;

export interface CommandLock {
  release(): Promise<void>;
}

export type CommandLockResult = { ok: true; lock: CommandLock } | { ok: false; code: "command_running"; message: string };

const NO_LOCK: CommandLock = { release: async () => {} };

/**
 * Takes the data-command lock for `command` (what to call it when another command is refused,
 * e.g. "import s-crt"), or says who holds it. Never waits: the caller decides what to tell.
 */
export async function takeCommandLock(config: Config, command: string): Promise<CommandLockResult> {
  if (!config.databaseUrl) return { ok: true, lock: NO_LOCK };
  const me = `scrt ${command} (pid ${process.pid} on ${hostname()})`;
  const client = new pg.Client({ connectionString: config.databaseUrl, application_name: truncateUtf8(me, MAX_APPLICATION_NAME) });
  await client.connect();
  try {
    const taken = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [...LOCK_KEYS]);
    if (taken.rows[0]?.ok) {
      let released = false;
      return {
        ok: true,
        lock: {
          async release() {
            if (released) return;
            released = true;
            // Closing the connection ends the lock with it.
            await client.end();
          },
        },
      };
    }
    const holder = await client.query<{ application_name: string; backend_start: Date; client_addr: string | null }>(
      `SELECT a.application_name, a.backend_start, host(a.client_addr) AS client_addr
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2`,
      [...LOCK_KEYS],
    );
    await client.end();
    const row = holder.rows[0];
    const who = row ? `${row.application_name || "another connection"}${row.client_addr ? ` from ${row.client_addr}` : ""}, started ${row.backend_start.toISOString()}` : "another data command (it has just finished or is finishing)";
    return { ok: false, code: "command_running", message: `another data command is running on this database: ${who}. Wait for it to finish, then run this one again.` };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

function truncateUtf8(text: string, bytes: number): string {
  let out = "";
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}
