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
 *
 * Four servers run side by side: the tracker as the tests configure it (no log), the tracker
 * as `npm start` configures it (a JSON log line per request written to a file, synchronously,
 * as pino writes standard output), the bare route, and a bare route that stores what a case
 * must (startBareStore). They take turns (bench/measure.ts): each round sends `n` requests to
 * each, after the same warm-up rounds for all.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeSync, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import Fastify, { type FastifyInstance } from "fastify";
import { buildApp, createServerContext } from "../server/index.ts";
import { configFor, learningEntry, uniqueConstraints } from "../ops/index.ts";
// One definition of "a valid case", shared with the server tests, so the bench cannot drift into sending invalid data.
import { RECORDS, validCase } from "../test/server/harness.ts";
import { interleave, percentile, type Measured } from "./measure.ts";

export interface BenchOptions {
  /** Requests per target in each round. */
  n: number;
  /** Measured rounds per target (at least 5). */
  runs: number;
  /** Requests in flight at once (also the agent's socket limit). */
  concurrency: number;
  /** Unmeasured rounds of `n` requests each target gets first: JIT, SQLite page cache, keep-alive sockets. */
  warmup: number;
}

export interface TargetResult {
  name: string;
  /**
   * Requests per second of this process's CPU time (client and server together), one figure
   * per measured round, and their median. On a machine shared with other work the wall clock
   * mostly measures the others; CPU time measures what the requests cost.
   */
  throughput: Measured;
  /** Requests per second of wall-clock time, per measured round. */
  wallPerSecond: number[];
  /** Measured requests over all rounds. */
  requests: number;
  failures: number;
  warmupFailures: number;
  /** The first non-201 seen, so a failing run says why. */
  firstFailure: string | undefined;
  /** Latency percentiles over every measured request, ms. */
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

/**
 * The real tracker, started as test/server/harness.ts does but listening on a real port. With
 * `logged`, its log is on as `npm start` has it (server/main.ts: info and above, one JSON line
 * per request, as it is answered), written synchronously to a file as pino writes standard output.
 */
async function startTracker(agent: http.Agent, name: string, logged: boolean): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-tracker-"));
  const config = configFor(dir);
  const context = await createServerContext({ config, seed: { users: true, demoCases: false }, today: () => "2026-11-21" });
  const log = logged ? openSync(join(dir, "server.log"), "a") : undefined;
  // One user asks as fast as the server answers: the limit is still counted, never reached.
  const app = await buildApp(context, {
    rateLimits: { perUser: Number.MAX_SAFE_INTEGER },
    ...(log !== undefined ? { logger: { destination: { write: (line: string) => void writeSync(log, line) } } } : {}),
  });
  const close = once(async () => {
    await app.close();
    await context.store.close();
    if (log !== undefined) closeSync(log);
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
    return { name, port, path: RECORDS, headers, dir, close };
  } catch (error) {
    await close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A bare app (no headers, no session) listening on a loopback port; its files removed if it cannot. */
async function listenBare(app: FastifyInstance, name: string, dir: string, close: () => Promise<void>): Promise<Target> {
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { name, port: portOf(app), path: "/records", headers: {}, dir, close };
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
  return listenBare(app, "bare", dir, close);
}

/**
 * The floor for what a case must store: no plugins, no session, no validation, no record view,
 * but the tracker's own store writes the case as the tracker's route has it written (its row and
 * revision, the list's indexes and side tables, its unique value, its search entries and its
 * audit entry, in the store's group commit). The tracker's ratio to this is the cost of the
 * tracker's own request work; this one's ratio to the bare route is the cost of the storage the
 * lists, searches and audit need.
 */
async function startBareStore(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-bare-store-"));
  const context = await createServerContext({ config: configFor(dir), seed: { users: true, demoCases: false }, today: () => "2026-11-21" });
  const user = await context.store.getUserByUsername("icb.lsc");
  const entry = context.registry.published("s-crt");
  if (!user || !entry) throw new Error("the bench needs the demo user icb.lsc and a published s-crt");
  const form = entry.form;
  const app = Fastify();
  app.post<{ Body: { data: Record<string, unknown> } }>("/records", async (request, reply) => {
    const data = request.body.data;
    const written = await context.store.createRecord({
      collection: form.collection.id,
      version: form.version,
      ownerOrg: user.orgCode,
      data,
      userId: user.id,
      complete: true,
      missing: [],
      unique: uniqueConstraints(form, data),
      search: learningEntry(form, data),
      audit: (record) => ({ action: "case_created", userId: user.id, actor: user.username, ip: request.ip, collection: record.collection, recordId: record.id, subjectUserId: null, details: { version: record.version, revision: record.revision } }),
    });
    if (written.kind !== "ok") return reply.status(422).send({ kind: written.kind });
    return reply.status(201).send({ id: written.record.id });
  });
  const close = once(async () => {
    await app.close();
    await context.store.close();
  });
  return listenBare(app, "bare, storing a case", dir, close);
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
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, latencies, failures, firstFailure };
}

/** A target while it runs: its agent, and what its rounds have seen so far. */
interface Running {
  target: Target;
  agent: http.Agent;
  latencies: number[];
  failures: number;
  warmupFailures: number;
  firstFailure: string | undefined;
  rounds: number;
  wallPerSecond: number[];
}

async function launch(start: (agent: http.Agent) => Promise<Target>, concurrency: number): Promise<Running> {
  // An agent per target, so none inherits another's warm sockets.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    return { target: await start(agent), agent, latencies: [], failures: 0, warmupFailures: 0, firstFailure: undefined, rounds: 0, wallPerSecond: [] };
  } catch (error) {
    agent.destroy();
    throw error;
  }
}

async function stop(running: Running): Promise<TargetResult["files"]> {
  running.agent.destroy();
  try {
    await running.target.close();
    return readdirSync(running.target.dir)
      .filter((f) => f.includes(".sqlite"))
      .sort()
      .map((f) => ({ name: f, bytes: statSync(join(running.target.dir, f)).size }));
  } finally {
    rmSync(running.target.dir, { recursive: true, force: true });
  }
}

/**
 * The tracker without a log, the tracker logging as in production, and the bare route, in
 * turns. Ratios of their throughputs are worked out by the caller from the rounds.
 */
export async function benchCreateRecords(options: BenchOptions): Promise<TargetResult[]> {
  const starts: [string, (agent: http.Agent) => Promise<Target>][] = [
    ["tracker", (agent) => startTracker(agent, "tracker", false)],
    ["tracker, production log", (agent) => startTracker(agent, "tracker, production log", true)],
    ["bare", () => startBare()],
    ["bare, storing a case", () => startBareStore()],
  ];
  const running: Running[] = [];
  try {
    for (const [, start] of starts) running.push(await launch(start, options.concurrency));
    let id = 0;
    const nextId = () => ++id;
    const throughput = await interleave(
      running.map((r) => ({
        name: r.target.name,
        run: async () => {
          const warm = r.rounds++ < options.warmup;
          const result = await batch(r.target, r.agent, options.n, options.concurrency, nextId);
          if (warm) r.warmupFailures += result.failures;
          else {
            r.failures += result.failures;
            r.latencies.push(...result.latencies);
            r.wallPerSecond.push(options.n / result.seconds);
          }
          r.firstFailure ??= result.firstFailure;
          return options.n / result.cpuSeconds;
        },
      })),
      { runs: options.runs, warmup: options.warmup },
    );
    const results: TargetResult[] = [];
    for (const r of running.splice(0)) {
      const sorted = r.latencies.sort((a, b) => a - b);
      const files = await stop(r);
      results.push({
        name: r.target.name,
        throughput: throughput[r.target.name]!,
        wallPerSecond: r.wallPerSecond,
        requests: sorted.length,
        failures: r.failures,
        warmupFailures: r.warmupFailures,
        firstFailure: r.firstFailure,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        files,
      });
    }
    return results;
  } finally {
    for (const r of running) await stop(r).catch(() => undefined);
  }
}
