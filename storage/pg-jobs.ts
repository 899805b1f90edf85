/**
 * Long jobs' shared state in PostgreSQL: every tracker instance on the database reads the same
 * rows, so a poll answered by another instance than the one doing the work finds the job. Each
 * call is one short statement or transaction; the partial unique index jobs_running_idx has
 * the last word on "one running job of a kind per user", even when two instances start one at
 * the same moment.
 */
import type { PgDb } from "./pg-db.ts";
import { STALE_JOB_MESSAGE, type JobOutcome, type NewJob, type StoredJob } from "./types.ts";

const JOB_COLUMNS = `id, kind, user_id AS "userId", detail, status, started_at AS "startedAt", finished_at AS "finishedAt", heartbeat_at AS "heartbeatAt", progress_checked AS "checked", progress_total AS "total", message, result`;

type JobRow = Omit<StoredJob, "progress"> & { checked: number; total: number };

/** How often a start retries when the running job it collided with finished before it could be read. */
const START_ATTEMPTS = 3;

export class PgJobs {
  constructor(private readonly db: PgDb) {}

  async start(input: NewJob): Promise<{ job: StoredJob; started: boolean }> {
    const at = input.at ?? new Date().toISOString();
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const outcome = await this.db.transaction(async () => {
        await this.db.exec(
          "UPDATE jobs SET status = 'failed', message = $4, finished_at = $5 WHERE user_id = $1 AND kind = $2 AND status = 'running' AND heartbeat_at < $3",
          [input.userId, input.kind, input.staleBefore, STALE_JOB_MESSAGE, at],
        );
        // A start from another instance that got in first makes this insert do nothing (after
        // waiting for that transaction to end); its job is then read back below.
        const inserted = await this.db.one<JobRow>(
          `INSERT INTO jobs (id, kind, user_id, detail, status, started_at, finished_at, heartbeat_at, progress_checked, progress_total, message, result)
           VALUES ($1, $2, $3, $4, 'running', $5, NULL, $5, 0, $6, NULL, NULL)
           ON CONFLICT (user_id, kind) WHERE status = 'running' DO NOTHING
           RETURNING ${JOB_COLUMNS}`,
          [input.id, input.kind, input.userId, JSON.stringify(input.detail), at, input.total],
        );
        if (inserted) return { job: toJob(inserted), started: true };
        const running = await this.db.one<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE user_id = $1 AND kind = $2 AND status = 'running'`, [input.userId, input.kind]);
        return running ? { job: toJob(running), started: false } : undefined;
      });
      if (outcome) return outcome;
    }
    throw new Error(`Could not start a ${input.kind} job: the user's running one kept changing`);
  }

  async updateProgress(id: string, progress: { checked: number; total: number }, at = new Date().toISOString()): Promise<void> {
    await this.db.exec("UPDATE jobs SET progress_checked = $2, progress_total = $3, heartbeat_at = $4 WHERE id = $1 AND status = 'running'", [id, progress.checked, progress.total, at]);
  }

  async finish(id: string, outcome: JobOutcome, at = new Date().toISOString()): Promise<void> {
    if (outcome.status === "done") {
      await this.db.exec(
        "UPDATE jobs SET status = 'done', result = $2, progress_total = progress_checked, finished_at = $3, heartbeat_at = $3 WHERE id = $1 AND status = 'running'",
        [id, outcome.result == null ? null : JSON.stringify(outcome.result), at],
      );
    } else {
      await this.db.exec("UPDATE jobs SET status = 'failed', message = $2, finished_at = $3, heartbeat_at = $3 WHERE id = $1 AND status = 'running'", [id, outcome.message, at]);
    }
  }

  async get(id: string, userId: string): Promise<StoredJob | undefined> {
    const row = await this.db.one<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1 AND user_id = $2`, [id, userId]);
    return row && toJob(row);
  }

  purge(finishedBefore: string): Promise<number> {
    return this.db.exec("DELETE FROM jobs WHERE finished_at < $1", [finishedBefore]);
  }
}

function toJob(row: JobRow): StoredJob {
  const { checked, total, ...rest } = row;
  return { ...rest, result: rest.result ?? null, progress: { checked, total } };
}
