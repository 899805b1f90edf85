/**
 * server/jobs.ts over a real store: progress is written at most every progressMs but the final
 * state always, the heartbeat keeps a long quiet job alive, a job started through one Jobs is
 * read through another (two instances), a failure's reason stays out of the job, and a job whose
 * instance stopped beating no longer blocks its user.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgresStore, openSqliteStore, type Store } from "../storage/index.ts";
import { Jobs, type Job } from "./jobs.ts";

/** A fresh place two stores share (as two instances share a database): a SQLite file, and a new PostgreSQL database when TEST_POSTGRES_URL is set. */
interface Place {
  open(): Promise<Store>;
  drop(): Promise<void>;
}

async function onAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const targets: { dialect: string; create: () => Promise<Place> }[] = [
  {
    dialect: "sqlite",
    create: async () => {
      const dir = mkdtempSync(join(tmpdir(), "scrt-jobs-"));
      return { open: () => openSqliteStore({ file: join(dir, "scrt.db") }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
];
const ADMIN_URL = process.env["TEST_POSTGRES_URL"];
if (ADMIN_URL) {
  targets.push({
    dialect: "postgres",
    create: async () => {
      const database = `t_jobs_${randomBytes(6).toString("hex")}`;
      await onAdmin(ADMIN_URL, `CREATE DATABASE ${database}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${database}`;
      return { open: () => openPostgresStore({ url: url.toString() }), drop: () => onAdmin(ADMIN_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) };
    },
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(jobs: Jobs, id: string, userId: string, done: (job: Job<unknown>) => boolean): Promise<Job<unknown>> {
  for (let i = 0; i < 500; i++) {
    const job = await jobs.get(id, userId);
    if (job && done(job)) return job;
    await wait(10);
  }
  throw new Error("the job never got there");
}

describe.each(targets)("jobs over the $dialect store", ({ create }) => {
  let place: Place;
  let store: Store;
  let other: Store;

  beforeEach(async () => {
    place = await create();
    store = await place.open();
    other = await place.open();
  });

  afterEach(async () => {
    await store.close();
    await other.close();
    await place.drop();
  });

  it("writes progress no more often than asked, always the final state, and is read through another instance", async () => {
    const here = new Jobs(store, { progressMs: 60_000 });
    const there = new Jobs(other);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { job, started } = await here.start("import", "u1", { collection: "c" }, 5, async (control) => {
      for (let i = 1; i <= 5; i++) await control.progress(i);
      await gate;
      return { imported: 5 };
    });
    expect(started).toBe(true);
    await wait(50);
    // Within progressMs of the start: nothing written yet.
    expect(await there.get(job.id, "u1")).toMatchObject({ status: "running", progress: { checked: 0, total: 5 } });
    // The other instance refuses a second import of this user's, and sees none for another user.
    const second = await there.start("import", "u1", {}, 0, async () => 0);
    expect(second).toMatchObject({ started: false, job: { id: job.id } });
    expect(await there.get(job.id, "u2")).toBeUndefined();
    release();
    expect(await until(there, job.id, "u1", (j) => j.status !== "running")).toMatchObject({ status: "done", progress: { checked: 5, total: 5 }, result: { imported: 5 }, message: null, detail: { collection: "c" } });
  });

  it("writes progress as it goes when progressMs allows", async () => {
    const jobs = new Jobs(store, { progressMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { job } = await jobs.start("impact", "u1", {}, 10, async (control) => {
      await control.progress(4);
      await gate;
      return null;
    });
    expect(await until(jobs, job.id, "u1", (j) => j.progress.checked === 4)).toMatchObject({ status: "running", progress: { checked: 4, total: 10 } });
    release();
    await until(jobs, job.id, "u1", (j) => j.status === "done");
  });

  it("beats while a job is quiet, so a start elsewhere does not take it for lost", async () => {
    const jobs = new Jobs(store, { heartbeatMs: 20, staleMs: 150 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { job } = await jobs.start("impact", "u1", {}, 1, () => gate.then(() => 1));
    await wait(400);
    const again = await new Jobs(other, { staleMs: 150 }).start("impact", "u1", {}, 1, async () => 2);
    expect(again).toMatchObject({ started: false, job: { id: job.id, status: "running" } });
    release();
    await until(jobs, job.id, "u1", (j) => j.status === "done");
  });

  it("keeps a failure's reason out of the job, and reports it to onFailure", async () => {
    const jobs = new Jobs(store);
    const failures: unknown[] = [];
    jobs.onFailure = (error) => failures.push(error);
    const { job } = await jobs.start("impact", "u1", {}, 1, async () => {
      throw new Error("SQL said no in /secret/path");
    });
    const failed = await until(jobs, job.id, "u1", (j) => j.status !== "running");
    expect(failed.status).toBe("failed");
    expect(failed.message).toMatch(/^The job failed/);
    expect(failed.message).not.toMatch(/secret/);
    expect(failures).toHaveLength(1);
  });

  it("takes a running job whose instance stopped beating as lost, and starts the user's new one", async () => {
    // An instance that died: its job row is running, with a heartbeat from long ago.
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const { job: lost } = await store.startJob({ id: crypto.randomUUID(), kind: "import", userId: "u1", detail: {}, total: 3, staleBefore: old, at: old });
    const jobs = new Jobs(other);
    const { job, started } = await jobs.start("import", "u1", {}, 1, async () => 1);
    expect(started).toBe(true);
    expect(job.id).not.toBe(lost.id);
    expect(await jobs.get(lost.id, "u1")).toMatchObject({ status: "failed", message: expect.stringMatching(/server running this job stopped/) });
    await until(jobs, job.id, "u1", (j) => j.status === "done");
  });
});
