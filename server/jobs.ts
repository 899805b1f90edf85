/**
 * Long work a user starts from a page and comes back to: each job runs in the background,
 * reports progress, and keeps its result for a while. Only the user who started a job can see
 * it, and each user runs one job of a kind at a time. Jobs live in this process's memory: a
 * restart forgets them (the user starts again), which suits work that only reads.
 */
import { randomUUID } from "node:crypto";

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

/** What a job's work is given: a way to say how far it has got (and to let requests in between). */
export interface JobControl {
  progress(checked: number, total?: number): Promise<void>;
}

/** How long a finished job's result is kept. */
const KEEP_MS = 60 * 60 * 1000;

export class Jobs {
  private readonly jobs = new Map<string, JobState<unknown> & { detail: Record<string, unknown> }>();

  /** Starts `work`, or returns the caller's running job of the same kind (started: false). */
  start<R>(kind: string, userId: string, detail: Record<string, unknown>, total: number, work: (control: JobControl) => Promise<R>): { job: JobState<R> & { detail: Record<string, unknown> }; started: boolean } {
    this.forgetOld();
    const running = [...this.jobs.values()].find((j) => j.userId === userId && j.kind === kind && j.status === "running");
    if (running) return { job: running as JobState<R> & { detail: Record<string, unknown> }, started: false };
    const job: JobState<R> & { detail: Record<string, unknown> } = { id: randomUUID(), kind, userId, status: "running", startedAt: new Date().toISOString(), finishedAt: null, progress: { checked: 0, total }, message: null, result: null, detail };
    this.jobs.set(job.id, job as JobState<unknown> & { detail: Record<string, unknown> });
    const control: JobControl = {
      async progress(checked, newTotal) {
        job.progress = { checked, total: Math.max(newTotal ?? job.progress.total, checked) };
        // Between batches, whatever else is waiting (other users' requests) runs first.
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    // Started on the next turn, so the request that starts it is answered first.
    setImmediate(() => {
      work(control).then(
        (result) => {
          job.result = result;
          job.status = "done";
          job.progress = { checked: job.progress.checked, total: job.progress.checked };
          job.finishedAt = new Date().toISOString();
        },
        (error: unknown) => {
          job.status = "failed";
          // The reason goes to the log, not to the page (it may name files or SQL).
          job.message = "The job failed. Nothing was changed; try again, and contact the service desk if it fails again.";
          job.finishedAt = new Date().toISOString();
          this.onFailure?.(error);
        },
      );
    });
    return { job, started: true };
  }

  /** The job, if it exists and belongs to the user. */
  get(id: string, userId: string): (JobState<unknown> & { detail: Record<string, unknown> }) | undefined {
    const job = this.jobs.get(id);
    return job && job.userId === userId ? job : undefined;
  }

  onFailure?: (error: unknown) => void;

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_MS) this.jobs.delete(id);
  }
}
