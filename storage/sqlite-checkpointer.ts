/**
 * Checkpoints in a worker thread, for the tracker's own connections (the server's and a data
 * command's).
 *
 * SQLite copies the write-ahead log into the database file (a checkpoint) on the thread that
 * commits, once the log passes 1,000 pages. For the server that thread is the event loop: a
 * request that happened to commit then waited for the copy, and while a data command wrote to
 * the same file, the copy was of the command's log too (tens of milliseconds on most of the
 * server's writes). A data command's short transactions each touch pages all over the list
 * indexes, so it checkpointed after nearly every one, and copied the same index pages each time.
 *
 * So such a connection lets the log grow to BULK_LOG_PAGES before it checkpoints itself, and
 * this worker thread, on a connection of its own, copies what has been committed every
 * CHECKPOINT_INTERVAL_MS. By the time the writer's own checkpoint comes, there is little left to
 * copy. When the store closes, the thread's last checkpoint empties the log file.
 *
 * The worker is plain CommonJS with nothing to compile: it needs only the driver.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** How long the log may grow (pages of 4 KiB: 256 MiB) before the writer checkpoints it itself. */
export const BULK_LOG_PAGES = 65_536;
const CHECKPOINT_INTERVAL_MS = 100;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
// Never wait: a checkpoint that cannot have a lock now is tried again at the next interval.
db.pragma("busy_timeout = 0");
// A checkpoint that fails (busy, or the disk) is simply tried again at the next interval.
const checkpoint = (mode) => {
  try {
    db.pragma("wal_checkpoint(" + mode + ")");
  } catch {}
};
let timer;
const tick = () => {
  checkpoint("PASSIVE");
  timer = setTimeout(tick, workerData.intervalMs);
};
parentPort.on("message", () => {
  clearTimeout(timer);
  // The log file keeps the size it grew to; the last copy empties it when no reader holds it,
  // so a long import leaves no large file behind while a server goes on using the database.
  checkpoint("TRUNCATE");
  db.close();
  parentPort.postMessage("stopped");
});
tick();
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;
  private failed = false;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
    // A thread that cannot start or dies leaves the writer's own checkpoints (BULK_LOG_PAGES) to
    // keep the log bounded: nothing is lost, the server may only wait longer on its next write.
    this.worker.on("error", () => (this.failed = true));
    this.worker.unref();
  }

  /** Sets the writer's connection to checkpoint rarely itself, leaving the rest to the thread. */
  static configureWriter(sqlite: Database.Database): void {
    sqlite.pragma(`wal_autocheckpoint = ${BULK_LOG_PAGES}`);
  }

  /** Stops the thread after its last checkpoint (its connection closed); called before the writer closes. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      if (this.failed) return resolve();
      const finish = () => {
        void this.worker.terminate();
        resolve();
      };
      this.worker.once("message", finish);
      this.worker.once("error", finish);
      this.worker.once("exit", finish);
      this.worker.postMessage("stop");
    });
    return this.stopped;
  }
}
