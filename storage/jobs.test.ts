/**
 * Long jobs' shared state (startJob ... purgeJobs) on every store: one running job of a kind per
 * user, held by the database even between two stores on one place (two instances), progress and
 * results, only the starter sees a job, a running job whose instance stopped beating is marked
 * failed, and finished jobs are purged.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeTargets, type StorePlace } from "./test-stores.ts";
import { STALE_JOB_MESSAGE, type NewJob, type Store } from "./types.ts";

const T0 = "2026-12-03T10:00:00.000Z";
const later = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const MINUTE = 60_000;

function newJob(extra: Partial<NewJob> = {}): NewJob {
  return { id: crypto.randomUUID(), kind: "import", userId: "user-1", detail: { collection: "case-review", version: "1.0.0" }, total: 10, staleBefore: later(-2 * MINUTE), at: T0, ...extra };
}

describe.each(storeTargets())("jobs in the $dialect store", ({ create }) => {
  let place: StorePlace;
  let store: Store;

  beforeEach(async () => {
    place = await create();
    store = await place.open();
  });

  afterEach(async () => {
    await store.close();
    await place.drop();
  });

  it("starts a running job, and returns it instead of starting a second of its kind for the same user", async () => {
    const first = await store.startJob(newJob());
    expect(first.started).toBe(true);
    expect(first.job).toMatchObject({ kind: "import", userId: "user-1", status: "running", startedAt: T0, heartbeatAt: T0, finishedAt: null, progress: { checked: 0, total: 10 }, message: null, result: null, detail: { collection: "case-review", version: "1.0.0" } });

    const second = await store.startJob(newJob({ at: later(1000), staleBefore: later(1000 - 2 * MINUTE) }));
    expect(second.started).toBe(false);
    expect(second.job.id).toBe(first.job.id);

    // Another kind, or another user, is not held up.
    expect((await store.startJob(newJob({ kind: "impact" }))).started).toBe(true);
    expect((await store.startJob(newJob({ userId: "user-2" }))).started).toBe(true);
  });

  it("has the database refuse a second running job of a kind for a user, even from another store on the same database", async () => {
    const other = await place.open();
    try {
      const results = await Promise.all([store.startJob(newJob()), other.startJob(newJob()), store.startJob(newJob()), other.startJob(newJob())]);
      expect(results.filter((r) => r.started)).toHaveLength(1);
      const started = results.find((r) => r.started)!.job.id;
      expect(results.map((r) => r.job.id)).toEqual([started, started, started, started]);
    } finally {
      await other.close();
    }
    // Not only the store's check: the index itself refuses the row.
    await expect(
      place.raw("INSERT INTO jobs (id, kind, user_id, detail, status, started_at, heartbeat_at) VALUES ($1, 'import', 'user-1', '{}', 'running', $2, $3)", [crypto.randomUUID(), T0, T0]),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it("notes progress with a fresh heartbeat, and ends with a result or a message", async () => {
    const { job } = await store.startJob(newJob());
    await store.updateJobProgress(job.id, { checked: 4, total: 12 }, later(500));
    expect(await store.getJob(job.id, "user-1")).toMatchObject({ status: "running", progress: { checked: 4, total: 12 }, heartbeatAt: later(500) });

    await store.updateJobProgress(job.id, { checked: 9, total: 12 }, later(1000));
    await store.finishJob(job.id, { status: "done", result: { imported: 9, problems: [] } }, later(1500));
    const done = await store.getJob(job.id, "user-1");
    expect(done).toMatchObject({ status: "done", finishedAt: later(1500), progress: { checked: 9, total: 9 }, result: { imported: 9, problems: [] }, message: null });

    // A finished job stays as it ended: a late progress write or a second finish changes nothing.
    await store.updateJobProgress(job.id, { checked: 1, total: 1 }, later(2000));
    await store.finishJob(job.id, { status: "failed", message: "late" }, later(2000));
    expect(await store.getJob(job.id, "user-1")).toEqual(done);

    // Once done, the user may start another of the kind.
    const next = await store.startJob(newJob({ at: later(3000) }));
    expect(next.started).toBe(true);
    await store.finishJob(next.job.id, { status: "failed", message: "The job failed." }, later(4000));
    expect(await store.getJob(next.job.id, "user-1")).toMatchObject({ status: "failed", message: "The job failed.", finishedAt: later(4000), result: null });
  });

  it("shows a job only to the user who started it", async () => {
    const { job } = await store.startJob(newJob());
    expect(await store.getJob(job.id, "user-1")).toBeDefined();
    expect(await store.getJob(job.id, "user-2")).toBeUndefined();
    expect(await store.getJob(crypto.randomUUID(), "user-1")).toBeUndefined();
  });

  it("marks failed a running job whose heartbeat is older than the bound, and starts the new one", async () => {
    const { job: lost } = await store.startJob(newJob());
    await store.updateJobProgress(lost.id, { checked: 3, total: 10 }, later(MINUTE));

    // Within the bound of its last heartbeat: still running, still refused.
    const early = await store.startJob(newJob({ at: later(2 * MINUTE), staleBefore: later(0) }));
    expect(early).toMatchObject({ started: false, job: { id: lost.id } });

    const fresh = await store.startJob(newJob({ at: later(4 * MINUTE), staleBefore: later(2 * MINUTE) }));
    expect(fresh.started).toBe(true);
    expect(fresh.job.id).not.toBe(lost.id);
    expect(await store.getJob(lost.id, "user-1")).toMatchObject({ status: "failed", message: STALE_JOB_MESSAGE, finishedAt: later(4 * MINUTE), progress: { checked: 3, total: 10 } });

    // The lost instance's late writes do not bring its job back.
    await store.finishJob(lost.id, { status: "done", result: { imported: 10 } }, later(5 * MINUTE));
    expect(await store.getJob(lost.id, "user-1")).toMatchObject({ status: "failed", result: null });
  });

  it("purges jobs that finished before the bound, and never a running one", async () => {
    const old = (await store.startJob(newJob({ kind: "a" }))).job;
    await store.finishJob(old.id, { status: "done", result: 1 }, later(MINUTE));
    const recent = (await store.startJob(newJob({ kind: "b" }))).job;
    await store.finishJob(recent.id, { status: "failed", message: "no" }, later(50 * MINUTE));
    const running = (await store.startJob(newJob({ kind: "c" }))).job;

    expect(await store.purgeJobs(later(30 * MINUTE))).toBe(1);
    expect(await store.getJob(old.id, "user-1")).toBeUndefined();
    expect(await store.getJob(recent.id, "user-1")).toMatchObject({ status: "failed" });
    expect(await store.getJob(running.id, "user-1")).toMatchObject({ status: "running" });
    expect(await store.purgeJobs(later(24 * 60 * MINUTE))).toBe(1);
    expect(await store.getJob(running.id, "user-1")).toMatchObject({ status: "running" });
  });
});
