/**
 * Long jobs' state in SQLite (see types.ts startJob...), with the behaviour of the PostgreSQL
 * store (pg-jobs.ts), where several instances share the rows; on SQLite one process serves the
 * file, and a job it was running when it stopped is marked failed at the user's next start.
 * Each call is one short transaction; the partial unique index jobs_running_idx keeps one
 * running job of a kind per user.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { jobs } from "./schema.ts";
import { STALE_JOB_MESSAGE, type JobOutcome, type NewJob, type StoredJob } from "./types.ts";

type Db = BetterSQLite3Database<Record<string, unknown>>;
type JobRow = typeof jobs.$inferSelect;

export class SqliteJobs {
  constructor(private readonly db: Db) {}

  start(input: NewJob): { job: StoredJob; started: boolean } {
    const at = input.at ?? new Date().toISOString();
    return this.db.transaction(
      (tx) => {
        const running = and(eq(jobs.userId, input.userId), eq(jobs.kind, input.kind), eq(jobs.status, "running"));
        tx.update(jobs)
          .set({ status: "failed", message: STALE_JOB_MESSAGE, finishedAt: at })
          .where(and(running, lt(jobs.heartbeatAt, input.staleBefore)))
          .run();
        const existing = tx.select().from(jobs).where(running).get();
        if (existing) return { job: toJob(existing), started: false };
        const row: JobRow = {
          id: input.id,
          kind: input.kind,
          userId: input.userId,
          detail: input.detail,
          status: "running",
          startedAt: at,
          finishedAt: null,
          heartbeatAt: at,
          progressChecked: 0,
          progressTotal: input.total,
          message: null,
          result: null,
        };
        tx.insert(jobs).values(row).run();
        return { job: toJob(row), started: true };
      },
      { behavior: "immediate" },
    );
  }

  updateProgress(id: string, progress: { checked: number; total: number }, at = new Date().toISOString()): void {
    this.db
      .update(jobs)
      .set({ progressChecked: progress.checked, progressTotal: progress.total, heartbeatAt: at })
      .where(and(eq(jobs.id, id), eq(jobs.status, "running")))
      .run();
  }

  finish(id: string, outcome: JobOutcome, at = new Date().toISOString()): void {
    const where = and(eq(jobs.id, id), eq(jobs.status, "running"));
    if (outcome.status === "done") {
      this.db
        .update(jobs)
        .set({ status: "done", result: outcome.result ?? null, progressTotal: sql`${jobs.progressChecked}`, finishedAt: at, heartbeatAt: at })
        .where(where)
        .run();
    } else {
      this.db.update(jobs).set({ status: "failed", message: outcome.message, finishedAt: at, heartbeatAt: at }).where(where).run();
    }
  }

  get(id: string, userId: string): StoredJob | undefined {
    const row = this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.userId, userId)))
      .get();
    return row && toJob(row);
  }

  purge(finishedBefore: string): number {
    return this.db.delete(jobs).where(lt(jobs.finishedAt, finishedBefore)).run().changes;
  }
}

function toJob(row: JobRow): StoredJob {
  return {
    id: row.id,
    kind: row.kind,
    userId: row.userId,
    detail: row.detail,
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    heartbeatAt: row.heartbeatAt,
    progress: { checked: row.progressChecked, total: row.progressTotal },
    message: row.message,
    result: row.result ?? null,
  };
}
