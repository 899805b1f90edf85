/**
 * Long work a user starts from a page and comes back to: each job runs in the background of
 * the instance that started it, reports progress, and keeps its result for an hour. Only the
 * user who started a job can see it, and each user runs one job of a kind at a time.
 *
 * The state lives in the store (storage jobs table), not in this process: with several
 * instances behind a proxy, a poll that reaches another instance than the one doing the work
 * finds the job all the same, and the database's partial unique index refuses a second running
 * job of a kind even when the two starts reach different instances. The running instance
 * writes progress at most every PROGRESS_MS (and always the final state) and a heartbeat every
 * HEARTBEAT_MS; a running job whose heartbeat is older than STALE_MS lost its instance (a crash
 * or restart) and is marked failed when its user next starts one, so nobody is blocked for good.
 */
import { randomUUID } from "node:crypto";
import type { Store, StoredJob } from "../storage/index.ts";

export interface JobState<R> {
  id: string;
  kind: string;
  userId: string;
  status: "running" | "done" | "failed";
  startedAt: string;
  finishedAt: string | null;
  progress: { checked: number; total: number };
  message: string | null;
  result: R | null;
}

export type Job<R> = JobState<R> & { detail: Record<string, unknown> };

/** What a job's work is given: a way to say how far it has got (and to let requests in between). */
export interface JobControl {
  progress(checked: number, total?: number): Promise<void>;
}

export interface JobTimings {
  /** Least time between two progress writes of a job. */
  progressMs: number;
  /** How often the running instance says it is still at work. */
  heartbeatMs: number;
  /** A running job not heard of for this long is taken as lost with its instance. */
  staleMs: number;
}

/** How long a finished job's result is kept. */
const KEEP_MS = 60 * 60 * 1000;

export const DEFAULT_JOB_TIMINGS: JobTimings = { progressMs: 500, heartbeatMs: 20_000, staleMs: 2 * 60_000 };

/** What the page is told when the work throws: the reason goes to the log, not to the page (it may name files or SQL). */
const FAILED_MESSAGE = "The job failed. Nothing was changed; try again, and contact the service desk if it fails again.";

export class Jobs {
  private readonly timings: JobTimings;

  constructor(
    private readonly store: Store,
    timings: Partial<JobTimings> = {},
  ) {
    this.timings = { ...DEFAULT_JOB_TIMINGS, ...timings };
  }

  onFailure?: (error: unknown) => void;

  /** Starts `work`, or returns the caller's running job of the same kind (started: false), whichever instance runs it. */
  async start<R>(kind: string, userId: string, detail: Record<string, unknown>, total: number, work: (control: JobControl) => Promise<R>): Promise<{ job: Job<R>; started: boolean }> {
    const now = Date.now();
    await this.store.purgeJobs(new Date(now - KEEP_MS).toISOString());
    const { job, started } = await this.store.startJob({ id: randomUUID(), kind, userId, detail, total, staleBefore: new Date(now - this.timings.staleMs).toISOString() });
    if (started) {
      // Started on the next turn, so the request that starts it is answered first.
      setImmediate(() => void this.run(job, work));
    }
    return { job: toState<R>(job), started };
  }

  /** The job, if it exists, belongs to the user, and finished less than an hour ago (if it has). */
  async get(id: string, userId: string): Promise<Job<unknown> | undefined> {
    const job = await this.store.getJob(id, userId);
    if (!job || (job.finishedAt && Date.now() - Date.parse(job.finishedAt) > KEEP_MS)) return undefined;
    return toState(job);
  }

  private async run<R>(job: StoredJob, work: (control: JobControl) => Promise<R>): Promise<void> {
    const progress = { ...job.progress };
    let written = { ...progress };
    let lastWrite = Date.now();
    // Every write of the job goes through this chain, so a heartbeat never lands after (and
    // undoes) a later progress write.
    let writes: Promise<void> = Promise.resolve();
    const write = (): Promise<void> => {
      // A failed write (reported where it was awaited) does not stop the ones after it.
      writes = writes.catch(() => undefined).then(async () => {
        written = { ...progress };
        lastWrite = Date.now();
        await this.store.updateJobProgress(job.id, written);
      });
      return writes;
    };
    const heartbeat = setInterval(() => {
      write().catch((error: unknown) => this.onFailure?.(error));
    }, this.timings.heartbeatMs);
    heartbeat.unref();
    const control: JobControl = {
      progress: async (checked, newTotal) => {
        progress.checked = checked;
        progress.total = Math.max(newTotal ?? progress.total, checked);
        if (Date.now() - lastWrite >= this.timings.progressMs) await write();
        // Between batches, whatever else is waiting (other users' requests) runs first.
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    try {
      let outcome: { status: "done"; result: R } | { status: "failed"; message: string; error: unknown };
      try {
        outcome = { status: "done", result: await work(control) };
      } catch (error) {
        outcome = { status: "failed", message: FAILED_MESSAGE, error };
      }
      clearInterval(heartbeat);
      await writes.catch(() => undefined);
      // The final progress is always written, even when the last report came within PROGRESS_MS.
      if (written.checked !== progress.checked || written.total !== progress.total) await write();
      if (outcome.status === "done") {
        await this.store.finishJob(job.id, { status: "done", result: outcome.result });
      } else {
        await this.store.finishJob(job.id, { status: "failed", message: outcome.message });
        this.onFailure?.(outcome.error);
      }
    } catch (error) {
      // The store could not be written (the database went away): the job's heartbeat stops, so
      // it is taken as lost after STALE_MS.
      clearInterval(heartbeat);
      this.onFailure?.(error);
    }
  }
}

function toState<R>(job: StoredJob): Job<R> {
  return {
    id: job.id,
    kind: job.kind,
    userId: job.userId,
    detail: job.detail,
    status: job.status,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: job.progress,
    message: job.message,
    result: (job.result as R | null) ?? null,
  };
}
