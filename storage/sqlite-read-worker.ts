/**
 * A worker thread answering the store's heavy reads (sqlite-reads.ts) on its own read-only
 * connection to the database file, so that a slow query keeps this thread busy and not the
 * server's event loop. WAL gives each read a snapshot of what was committed when it began.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { runSqliteRead, SqliteReads, type SqliteReadName } from "./sqlite-reads.ts";

export interface ReadRequest {
  id: number;
  name: SqliteReadName;
  args: unknown[];
}

export type ReadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string } };

const port = parentPort;
if (!port) throw new Error("sqlite-read-worker.ts runs only as a worker thread");
const { file } = workerData as { file: string };
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
// A reader waits (briefly) only while the writer recovers or checkpoints the log.
sqlite.pragma("busy_timeout = 5000");
const reads = new SqliteReads(sqlite);

port.on("message", (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: request.id, ok: true, value: runSqliteRead(reads, request.name, request.args) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id: request.id, ok: false, error: { name: e.name, message: e.message } };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
