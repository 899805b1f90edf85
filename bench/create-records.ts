/**
 * Create-record throughput over real HTTP. The real tracker (session cookie, CSRF, engine
 * validation, Drizzle over SQLite) is measured against a bare Fastify app that only inserts the
 * JSON into SQLite. Both get the same client and the same bodies. The bare app is the least it
 * can cost to do "HTTP + JSON + one SQLite write" on this machine, so the ratio shows how much
 * the tracker's own work costs.
 *
 * Client and servers share one process and one event loop (the brief asks for in-process),
 * so the absolute figures are lower than a separate client would show. The ratio is fair
 * because both sides pay the same client cost.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import Fastify, { type FastifyInstance } from "fastify";
import { buildApp, createServerContext } from "../server/index.ts";
import { configFor } from "../ops/index.ts";
// One definition of "a valid case", shared with the server tests, so the bench cannot drift into sending invalid data.
import { RECORDS, validCase } from "../test/server/harness.ts";

export interface BenchOptions {
  /** Measured requests per target. */
  n: number;
  /** Requests in flight at once (also the agent's socket limit). */
  concurrency: number;
  /** Requests sent first and not measured: JIT, SQLite page cache, keep-alive sockets. */
  warmup: number;
}

export interface TargetResult {
  name: string;
  requests: number;
  failures: number;
  warmupFailures: number;
  /** The first non-201 seen, so a failing run says why. */
  firstFailure: string | undefined;
  seconds: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  /** SQLite files after the server closed, in bytes (WAL usually checkpointed away by then). */
  files: { name: string; bytes: number }[];
}

/** A running server to drive: where to POST, with which headers, and how to stop it. */
interface Target {
  name: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  dir: string;
  /** Stops the server and closes the database; the files stay for measuring. */
  close(): Promise<void>;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function post(agent: http.Agent, port: number, path: string, payload: string, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Closing twice must be harmless: the normal path closes before measuring files, the finally closes on errors. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

const portOf = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;

/** The real tracker, started as test/server/harness.ts does but listening on a real port. */
async function startTracker(agent: http.Agent): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-tracker-"));
  const config = configFor(dir);
  const context = await createServerContext({ config, seed: { users: true, demoCases: false }, today: () => "2026-11-21" });
  // One user asks as fast as the server answers: the limit is still counted, never reached.
  const app = await buildApp(context, { rateLimits: { perUser: Number.MAX_SAFE_INTEGER } });
  const close = once(async () => {
    await app.close();
    await context.store.close();
  });
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = portOf(app);
    // Sign in over HTTP as a client would: the signed session cookie plus that session's CSRF token.
    const res = await post(agent, port, "/auth/dev-login", JSON.stringify({ username: "icb.lsc" }), {});
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.body}`);
    const session = (res.headers["set-cookie"] ?? []).find((c) => c.startsWith("scrt_session="));
    if (!session) throw new Error("sign-in set no scrt_session cookie");
    const { csrfToken } = JSON.parse(res.body) as { csrfToken: string };
    const headers = { cookie: session.split(";")[0]!, "x-csrf-token": csrfToken };
    return { name: "tracker", port, path: RECORDS, headers, dir, close };
  } catch (error) {
    await close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The floor: no plugins, no validation, one prepared INSERT with the same durability settings as the tracker. */
async function startBare(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-bare-"));
  const db = new Database(join(dir, "bare.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE records (id TEXT PRIMARY KEY, data TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO records (id, data) VALUES (?, ?)");

  const app = Fastify();
  app.post<{ Body: { data: unknown } }>("/records", async (request, reply) => {
    const id = randomUUID();
    insert.run(id, JSON.stringify(request.body.data));
    return reply.status(201).send({ id });
  });
  const close = once(async () => {
    await app.close();
    db.close();
  });
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { name: "bare", port: portOf(app), path: "/records", headers: {}, dir, close };
  } catch (error) {
    await close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends count requests, keeping `concurrency` in flight; each body has an identifier not used before. */
async function batch(target: Target, agent: http.Agent, count: number, concurrency: number, nextId: () => number) {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const payload = JSON.stringify({ data: validCase(`BENCH-${nextId()}`) });
      const t0 = performance.now();
      const res = await post(agent, target.port, target.path, payload, target.headers).catch((error: unknown) => ({ status: 0, body: String(error) }));
      latencies.push(performance.now() - t0);
      if (res.status !== 201) {
        failures++;
        firstFailure ??= `${res.status} ${res.body.slice(0, 300)}`;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { seconds: (performance.now() - t0) / 1000, latencies, failures, firstFailure };
}

async function measure(start: (agent: http.Agent) => Promise<Target>, options: BenchOptions): Promise<TargetResult> {
  // A fresh agent per target, so neither inherits the other's warm sockets.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  let id = 0;
  const nextId = () => ++id;
  const target = await start(agent);
  try {
    const warm = await batch(target, agent, options.warmup, options.concurrency, nextId);
    const run = await batch(target, agent, options.n, options.concurrency, nextId);
    agent.destroy();
    await target.close();
    const sorted = run.latencies.sort((a, b) => a - b);
    return {
      name: target.name,
      requests: options.n,
      failures: run.failures,
      warmupFailures: warm.failures,
      firstFailure: warm.firstFailure ?? run.firstFailure,
      seconds: run.seconds,
      reqPerSec: options.n / run.seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      files: readdirSync(target.dir)
        .filter((f) => f.includes(".sqlite"))
        .sort()
        .map((f) => ({ name: f, bytes: statSync(join(target.dir, f)).size })),
    };
  } finally {
    agent.destroy();
    try {
      await target.close();
    } finally {
      rmSync(target.dir, { recursive: true, force: true });
    }
  }
}

/** Tracker first, then bare, one at a time, so they never compete for the CPU. */
export async function benchCreateRecords(options: BenchOptions): Promise<{ tracker: TargetResult; bare: TargetResult }> {
  const tracker = await measure(startTracker, options);
  const bare = await measure(() => startBare(), options);
  return { tracker, bare };
}
