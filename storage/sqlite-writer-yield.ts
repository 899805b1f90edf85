/**
 * How long a bulk writer (a data command) leaves the database to others after each of its short
 * transactions.
 *
 * With its checkpoints in the background (sqlite-checkpointer.ts), a bulk writer begins its next
 * transaction almost as soon as it commits the last. A server writing to the same file waits for
 * the lock by polling (SQLite's busy handler sleeps up to 100 ms between tries), so it could
 * miss the gaps for a second or more. Before, the writer's own checkpoint after each transaction
 * left it room.
 *
 * So once another connection is seen to have committed (PRAGMA data_version changes), the bulk
 * writer pauses after each transaction for half as long as that transaction held the lock, for
 * POLITE_MS after the last commit it saw. Alone on the file (a command run with the server
 * stopped), it never pauses.
 */
import type Database from "better-sqlite3";

/** How long after another connection's last commit the writer keeps pausing. */
export const POLITE_MS = 60_000;
/** The pause, as a share of the time the transaction held the lock, with its bounds. */
const SHARE = 0.5;
const MIN_PAUSE_MS = 10;
const MAX_PAUSE_MS = 100;

export class WriterYield {
  private dataVersion: number;
  private politeUntil = 0;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.dataVersion = this.readVersion();
  }

  /** The pause (ms) after a transaction that held the lock for `heldMs`: 0 while no one else writes. */
  pauseAfter(heldMs: number): number {
    if (!this.othersWriting()) return 0;
    return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, heldMs * SHARE));
  }

  /** Whether another connection has committed within the last POLITE_MS (as far as this connection has looked). */
  othersWriting(): boolean {
    const version = this.readVersion();
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.politeUntil = this.now() + POLITE_MS;
    }
    return this.now() < this.politeUntil;
  }

  /** Waits out the pause after a transaction; resolves at once when there is none. */
  async after(heldMs: number): Promise<void> {
    const pause = this.pauseAfter(heldMs);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }

  private readVersion(): number {
    return Number(this.sqlite.pragma("data_version", { simple: true }));
  }
}
