/**
 * A fast request while a heavy one runs (issue 13, item 2): over the list benchmark's database
 * of N generated records (bench/list-at-scale.ts, default 100,000), a national user's heavy
 * read (HEAVY) is sent, and 20 ms later an ICB user's GET
 * /auth/me. Two servers on the same file take turns, round by round: one with every read on its
 * event loop (SCRT_READ_WORKERS=0, how the tracker ran before), one with the default two read
 * workers. Prints the fast request's latency
 * (median and p95 over the rounds, measured from when it was due), the heavy one's, and the
 * fast request's latency on a quiet server. With
 * `--store postgres`, one server on the PostgreSQL database of the list benchmark instead
 * (its reads never hold the event loop: the figure says what the database's own work costs).
 *
 *   npx tsx bench/fast-under-load.ts [--records 100000] [--rounds 7] [--store postgres]
 *
 * A measurement, not a test; the machine's load average is printed with it.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { FastifyInstance } from "fastify";
import { configFor, type Config } from "../ops/index.ts";
import { buildApp, createServerContext, type ServerContext } from "../server/index.ts";
import { listBenchDatabase, type ListBenchStore } from "./list-at-scale.ts";
import { median, percentile } from "./measure.ts";

/**
 * The slowest read of the list left that we know of: a deep numbered page of a common word's
 * search (page 200 of "missed", which 49,778 texts hold), found by walking the list and testing
 * each case (about 300 ms at 1,000,000 on either store; a cursor reaches it in tens). A phrase
 * of common words, the heavy read until the junction index, now takes 20–50 ms.
 */
const HEAVY = "/api/collections/s-crt/records?q=missed&page=200";
const FAST = "/auth/me";
const DUE_AFTER_MS = 20;

interface Target {
  name: string;
  app: FastifyInstance;
  context: ServerContext;
  cookies: Record<string, string>;
}

async function target(name: string, config: Config): Promise<Target> {
  const context = await createServerContext({ config, seed: { users: true, demoCases: false } });
  const app = await buildApp(context, { rateLimits: { perUser: Number.MAX_SAFE_INTEGER } });
  const cookies: Record<string, string> = {};
  for (const username of ["national", "icb.lsc"]) {
    const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
    cookies[username] = `scrt_session=${res.cookies.find((c) => c.name === "scrt_session")!.value}`;
  }
  return { name, app, context, cookies };
}

async function get(t: Target, username: string, url: string): Promise<void> {
  const res = await t.app.inject({ method: "GET", url, headers: { cookie: t.cookies[username]! } });
  if (res.statusCode !== 200) throw new Error(`${url} on ${t.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
}

/** One round: the heavy request, then the fast one when due. Milliseconds: the fast one from when it was due, the heavy one from its start. */
async function round(t: Target): Promise<{ fast: number; heavy: number }> {
  const start = performance.now();
  const heavy = get(t, "national", HEAVY).then(() => performance.now() - start);
  const fast = new Promise<number>((resolve, reject) => {
    setTimeout(() => {
      get(t, "icb.lsc", FAST).then(() => resolve(performance.now() - start - DUE_AFTER_MS), reject);
    }, DUE_AFTER_MS);
  });
  return { fast: await fast, heavy: await heavy };
}

async function quiet(t: Target): Promise<number> {
  const started = performance.now();
  await get(t, "icb.lsc", FAST);
  return performance.now() - started;
}

const p95 = (xs: number[]): number => percentile(xs, 95);

export async function benchFastUnderLoad(records: number, rounds: number, store: ListBenchStore = "sqlite"): Promise<void> {
  const { dir, config, indexReport } = await listBenchDatabase(records, store);
  console.log(
    `fast request under load: ${records.toLocaleString("en-GB")} records on ${store === "sqlite" ? "SQLite" : "PostgreSQL"} (${indexReport}); heavy ${HEAVY} as national, fast ${FAST} as icb.lsc ${DUE_AFTER_MS} ms later; ${rounds} rounds, targets interleaved`,
  );
  const targets =
    store === "sqlite"
      ? [await target("reads on the event loop (SCRT_READ_WORKERS=0)", configFor(dir, { readWorkers: 0 })), await target("2 read workers (default)", configFor(dir, { readWorkers: 2 }))]
      : [await target("PostgreSQL", config)];
  const load = [loadavg()[0]!];
  try {
    const figures = new Map(targets.map((t) => [t, { fast: [] as number[], heavy: [] as number[], quiet: [] as number[] }]));
    // One unmeasured round each: caches warm, workers started.
    for (let r = -1; r < rounds; r++) {
      for (const t of r % 2 ? targets : [...targets].reverse()) {
        const q = await quiet(t);
        const { fast, heavy } = await round(t);
        if (r < 0) continue;
        const f = figures.get(t)!;
        f.quiet.push(q);
        f.fast.push(fast);
        f.heavy.push(heavy);
      }
      load.push(loadavg()[0]!);
    }
    const rows = targets.map((t) => {
      const f = figures.get(t)!;
      return { target: t.name, "fast p50 ms": median(f.fast).toFixed(1), "fast p95 ms": p95(f.fast).toFixed(1), "heavy p50 ms": median(f.heavy).toFixed(0), "quiet fast p50 ms": median(f.quiet).toFixed(1) };
    });
    console.table(rows);
    if (targets.length === 1) {
      const fast = figures.get(targets[0]!)!.fast;
      console.log(`fast request while the heavy one runs: p50 ${median(fast).toFixed(1)} ms, p95 ${p95(fast).toFixed(1)} ms (aim: p95 under 50 ms; ${rounds} rounds); load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on this machine`);
      return;
    }
    const [before, after] = targets.map((t) => figures.get(t)!.fast);
    const pairs = before!.map((b, i) => b / after![i]!);
    console.log(`fast request while the heavy one runs: ${median(before!).toFixed(0)} ms → ${median(after!).toFixed(1)} ms (median of ${rounds} rounds; round by round ${median(pairs).toFixed(0)}× faster, ${Math.min(...pairs).toFixed(0)}×–${Math.max(...pairs).toFixed(0)}×); load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on this machine`);
  } finally {
    for (const t of targets) {
      await t.app.close();
      await t.context.store.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { records: { type: "string", default: "100000" }, rounds: { type: "string", default: "7" }, store: { type: "string", default: "sqlite" } } });
  if (values.store !== "sqlite" && values.store !== "postgres") throw new Error(`--store must be sqlite or postgres, not "${values.store}"`);
  await benchFastUnderLoad(Number(values.records), Math.max(5, Number(values.rounds)), values.store);
}
