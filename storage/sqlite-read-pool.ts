/**
 * A few worker threads (sqlite-read-worker.ts), each with its own read-only connection to the
 * database file, answering the store's heavy reads in turn: while one runs a national search, the
 * event loop goes on answering everyone else, and the one writer stays on the main thread.
 *
 * Node 20 does not carry module hooks (tsx's TypeScript loader) into worker threads, so each
 * worker starts from a line of CommonJS that registers tsx's require hook and then loads the
 * worker's TypeScript.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ReadReply, ReadRequest } from "./sqlite-read-worker.ts";
import type { SqliteReadName, SqliteReadOps } from "./sqlite-reads.ts";

const WORKER_FILE = fileURLToPath(new URL("./sqlite-read-worker.ts", import.meta.url));

/** The pool could not start its workers: the read runs in-process instead. */
export class ReadPoolUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super(`read workers unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = "ReadPoolUnavailable";
  }
}

interface Pending {
  request: ReadRequest;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: Pending | undefined;
}

export class SqliteReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Set when a worker failed before it was ready: starting more would fail the same way. */
  private broken: unknown;

  constructor(
    private readonly file: string,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("a read pool needs at least one worker");
    // Started now, in the background: the first heavy read should not wait for a worker to load.
    for (let i = 0; i < size; i++) this.spawn();
  }

  /** Whether reads can be sent here (false once closed, or when the workers could not start). */
  get usable(): boolean {
    return !this.closed && this.broken === undefined;
  }

  run<K extends SqliteReadName>(name: K, args: Parameters<SqliteReadOps[K]>): Promise<ReturnType<SqliteReadOps[K]>> {
    if (!this.usable) return Promise.reject(new ReadPoolUnavailable(this.broken ?? "the store is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, name, args }, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new ReadPoolUnavailable("the store is closed"));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private spawn(): void {
    let worker: Worker;
    try {
      const tsx = createRequire(import.meta.url).resolve("tsx/cjs/api");
      const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(WORKER_FILE)});`;
      worker = new Worker(boot, { eval: true, execArgv: [], workerData: { file: this.file } });
    } catch (error) {
      // No workers (tsx missing, threads refused): every read runs in-process, as with none asked for.
      this.broken = error;
      return;
    }
    const slot: Slot = { worker, ready: false, busy: undefined };
    this.slots.push(slot);
    worker.unref();
    worker.on("message", (message: ReadReply | { ready: true }) => {
      if ("ready" in message) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const pending = slot.busy;
      slot.busy = undefined;
      worker.unref();
      if (pending && pending.request.id === message.id) {
        if (message.ok) pending.resolve(message.value);
        else pending.reject(rebuildError(message.error));
      }
      this.dispatch();
    });
    const lost = (reason: unknown) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      if (slot.busy) slot.busy.reject(reason instanceof Error ? reason : new Error(String(reason)));
      slot.busy = undefined;
      if (this.closed) return;
      if (!slot.ready) {
        this.broken = reason;
        for (const p of this.queue.splice(0)) p.reject(new ReadPoolUnavailable(reason));
        return;
      }
      // A worker that ran and then died (out of memory on a huge page) is replaced.
      this.spawn();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`read worker stopped (exit code ${code})`)));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.busy) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      // Busy, the worker keeps the process alive until its answer arrives; idle, it does not.
      slot.worker.ref();
      slot.worker.postMessage(pending.request);
    }
  }
}

/** The worker's error as the same kind of error (a RangeError stays one: the routes answer it with 400). */
function rebuildError(error: { name: string; message: string }): Error {
  const e = error.name === "RangeError" ? new RangeError(error.message) : error.name === "TypeError" ? new TypeError(error.message) : new Error(error.message);
  if (e.name !== error.name) e.name = error.name;
  return e;
}
