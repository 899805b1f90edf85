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
export const CHECKPOINT_INTERVAL_MS = 100;

/** What the thread has done, for tests and figures. */
export interface CheckpointerReport {
  /** Checkpoints run. */
  runs: number;
  /** Checkpoints that copied the whole log as it was when they began. */
  complete: number;
  /** The last error a checkpoint threw, if any (each is retried at the next interval). */
  lastError?: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
// Never wait: a checkpoint that cannot have a lock now is tried again at the next interval.
db.pragma("busy_timeout = 0");
const report = { runs: 0, complete: 0 };
let timer;
const tick = () => {
  try {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)");
    report.runs++;
    if (row.busy === 0 && row.log === row.checkpointed) report.complete++;
  } catch (error) {
    report.lastError = String(error && error.message || error);
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
parentPort.on("message", () => {
  clearTimeout(timer);
  // The log file keeps the size it grew to; the last copy empties it when no reader holds it,
  // so a long import leaves no large file behind while a server goes on using the database.
  try {
    const [row] = db.pragma("wal_checkpoint(TRUNCATE)");
    report.runs++;
    if (row.busy === 0) report.complete++;
  } catch (error) {
    report.lastError = String(error && error.message || error);
  }
  db.close();
  parentPort.postMessage(report);
});
tick();
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<CheckpointerReport> | undefined;
  private failure: Error | undefined;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
    // A thread that cannot start or dies leaves the writer's own checkpoints (BULK_LOG_PAGES) to
    // keep the log bounded: nothing is lost, the server may only wait longer on its next write.
    this.worker.on("error", (error) => (this.failure = error));
    this.worker.unref();
  }

  /** Sets the writer's connection to checkpoint rarely itself, leaving the rest to the thread. */
  static configureWriter(sqlite: Database.Database): void {
    sqlite.pragma(`wal_autocheckpoint = ${BULK_LOG_PAGES}`);
  }

  /** Stops the thread (its connection closed) and says what it did; called before the writer closes. */
  stop(): Promise<CheckpointerReport> {
    this.stopped ??= new Promise<CheckpointerReport>((resolve) => {
      if (this.failure) {
        resolve({ runs: 0, complete: 0, lastError: this.failure.message });
        return;
      }
      const finish = (report: CheckpointerReport) => {
        void this.worker.terminate();
        resolve(report);
      };
      this.worker.once("message", finish);
      this.worker.once("error", (error) => finish({ runs: 0, complete: 0, lastError: error.message }));
      this.worker.once("exit", () => finish({ runs: 0, complete: 0, lastError: this.failure?.message ?? "the checkpoint thread stopped" }));
      this.worker.postMessage("stop");
    });
    return this.stopped;
  }
}
