/**
 * The case list at scale (issue 13): N fictional v2.0 records (default 1,000,000), written
 * straight into SQLite in short transactions (not through HTTP: this measures reading), then
 * the real server (Fastify inject, session cookies, the list route as the web app calls it)
 * answers page 1, page 1000 (by number and by cursor), a search, a multiple-choice filter and
 * a sort by an answer, as a national user and as one ICB's editor, in interleaved rounds.
 * Prints p50 and p95 per query and user. Aim: every p95 under 100 ms.
 *
 * The database is kept under the system's temporary folder, keyed by the definition files, the
 * generator's version and N, and reused while they are unchanged. The first opening of a new
 * one runs the tracker's list index step (its time is printed: that is what an existing
 * database pays once when this code is deployed).
 *
 * With `--store postgres` the same records go into a PostgreSQL database on the server that
 * BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) names, an admin URL whose role may create
 * databases; the database is named after the same key and reused the same way.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PROJECT_ROOT } from "../engine/index.ts";
import { configFor, learningSignature, openTracker, type Config } from "../ops/index.ts";
import { buildApp, createServerContext } from "../server/index.ts";
import { openPostgresStore, openSqliteStore, uuidV7 } from "../storage/index.ts";
import { postgresDatabaseUrl, recreatePostgresDatabase } from "./postgres.ts";
import { percentile } from "./measure.ts";

/** Change when the generated records change, so that an old cached database is not reused. */
const GENERATOR = 1;
const OWNERS = ["QE1", "QMF", "QMJ", "QOP", "QHM", "QYG", "QRV", "QUY"];
const ICB_USER = { username: "icb.lsc", owner: "QE1" };
const TYPES = ["sar", "dhr", "cspr", "rapid_review", "si", "mhhr"];
const THEMES = ["physical", "domestic", "sexual", "psychological", "financial", "modern_slavery", "discriminatory", "organisational", "self_neglect", "exploitation", "online", "mental_health", "substance_misuse", "learning_disability_autism", "was_not_brought"];
const WORDS = ["adult", "care", "support", "needs", "referral", "delayed", "agencies", "information", "sharing", "risk", "assessment", "family", "home", "carer", "hospital", "discharge", "police", "school", "housing", "concerns", "raised", "escalation", "follow", "up", "visits"];

export type ListBenchStore = "sqlite" | "postgres";

export interface ListBenchFigures {
  store: ListBenchStore;
  records: number;
  buildSeconds: number | null;
  indexSeconds: number | null;
  indexReport: string;
  rounds: number;
  rows: { query: string; user: string; p50: number; p95: number; total: number; capped: boolean }[];
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function cacheKey(n: number): string {
  const hash = createHash("sha256");
  for (const file of ["forms/s-crt/collection.yaml", "forms/s-crt/versions/2.0.yaml", "forms/s-crt/choices/abuse_theme.yaml"]) hash.update(readFileSync(join(PROJECT_ROOT, file)));
  hash.update(`${GENERATOR}:${n}`);
  return hash.digest("hex").slice(0, 16);
}

function cacheDir(n: number, store: ListBenchStore = "sqlite"): string {
  return join(tmpdir(), store === "sqlite" ? "scrt-bench-list" : "scrt-bench-list-pg", cacheKey(n));
}

interface GeneratedRecord {
  id: string;
  owner: string;
  data: string;
  created: string;
  updated: string;
}

/** The n records, in batches of 10,000 (the same for both stores: the seed is fixed). */
/** Queries that are meant to find nothing: the slowest case of a search that cannot use an index. */
/** The web app's page size (renderer/src/pages/case-list-params.ts; the bench stands below the renderer and does not import it). */
const PAGE_SIZE = 25;
const FINDS_NOTHING = new Set(["q=qz", `q=${encodeURIComponent("zé")}`, "q=n%2Fa"]);

function* generatedBatches(n: number): Generator<GeneratedRecord[]> {
  const next = random(13);
  const start = Date.UTC(2023, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;
  for (let i = 0; i < n; i += 10_000) {
    const batch: GeneratedRecord[] = [];
    for (let j = i; j < Math.min(n, i + 10_000); j++) {
      const created = start + Math.floor((span * j) / n);
      const updated = Math.min(start + span, created + Math.floor(next() * 200 * 86_400_000));
      const incident = created - Math.floor((30 + next() * 700) * 86_400_000);
      const closed = next() < 0.45;
      const themes = [...new Set([next() < 0.2 ? "neglect" : THEMES[Math.floor(next() * THEMES.length)]!, ...(next() < 0.5 ? [THEMES[Math.floor(next() * THEMES.length)]!] : [])])];
      const words = Array.from({ length: 12 + Math.floor(next() * 20) }, () => WORDS[Math.floor(next() * WORDS.length)]!);
      // "missed" in about one overview in twenty, as "missed appointments" or "missed opportunities".
      if (next() < 0.05) words.splice(Math.floor(next() * words.length), 0, "missed", next() < 0.5 ? "appointments" : "opportunities");
      const data: Record<string, unknown> = {
        status: closed ? "closed" : "open",
        date_added: day(created),
        ...(closed ? { date_closed: day(Math.min(start + span, created + 90 * 86_400_000)) } : {}),
        designated_professional: "Designated Nurse, Safeguarding Adults",
        designated_professional_initials: "AB",
        safeguarding_partnership: "Example Safeguarding Adults Board",
        steis_or_local_id: `B/${String(j).padStart(7, "0")}`,
        review_type: TYPES[Math.floor(next() * TYPES.length)],
        incident_date: day(incident),
        brief_overview: `${words.join(" ")}.`,
        themes,
        media_interest: next() < 0.1 ? "yes" : "no",
      };
      batch.push({ id: uuidV7(created), owner: OWNERS[j % OWNERS.length]!, data: JSON.stringify(data), created: new Date(created).toISOString(), updated: new Date(updated).toISOString() });
    }
    yield batch;
  }
}

/** Writes n records into a new SQLite file, in transactions of 10,000; returns seconds. */
async function build(dir: string, n: number): Promise<number> {
  const started = performance.now();
  const config = configFor(dir);
  mkdirSync(dir, { recursive: true });
  // Creates the file with every migration applied, then closes: the rows go in directly.
  await (await openSqliteStore({ file: config.databaseFile })).close();
  const db = new Database(config.databaseFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const insert = db.prepare(
    "INSERT INTO records (id, collection, version, owner_org, revision, data, complete, missing, created_at, created_by, updated_at, updated_by, archive, review_flags) VALUES (?, 's-crt', '2.0', ?, 1, ?, 1, '[]', ?, 'bench', ?, 'bench', '{}', '[]')",
  );
  for (const batch of generatedBatches(n)) {
    db.transaction(() => {
      for (const r of batch) insert.run(r.id, r.owner, r.data, r.created, r.updated);
    })();
  }
  db.close();
  return (performance.now() - started) / 1000;
}

function postgresUrl(n: number): string {
  return postgresDatabaseUrl(`scrt_bench_list_${cacheKey(n)}`);
}

/** Writes n records into a new PostgreSQL database, 10,000 a statement; returns seconds. */
async function buildPostgres(n: number): Promise<number> {
  const started = performance.now();
  await recreatePostgresDatabase(new URL(postgresUrl(n)).pathname.slice(1));
  // Every migration applied, then the rows go in directly.
  await (await openPostgresStore({ url: postgresUrl(n) })).close();
  const client = new pg.Client({ connectionString: postgresUrl(n) });
  await client.connect();
  try {
    for (const batch of generatedBatches(n)) {
      await client.query(
        `INSERT INTO records (id, collection, version, owner_org, revision, data, complete, missing, created_at, created_by, updated_at, updated_by, archive, review_flags)
         SELECT id, 's-crt', '2.0', owner, 1, data::json, true, '[]'::jsonb, created, 'bench', updated, 'bench', '{}'::json, '[]'::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, owner, data, created, updated)`,
        [batch.map((r) => r.id), batch.map((r) => r.owner), batch.map((r) => r.data), batch.map((r) => r.created), batch.map((r) => r.updated)],
      );
    }
    // As autovacuum would by the time a loaded database is in use: the visibility map lets lists read indexes alone.
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

/** The tracker's configuration over the benchmark's database of n records. */
function benchConfig(n: number, store: ListBenchStore): Config {
  const dir = cacheDir(n, store);
  mkdirSync(dir, { recursive: true });
  return store === "sqlite" ? configFor(dir) : configFor(dir, { databaseUrl: postgresUrl(n), sessionSecret: "bench-secret-".repeat(4) });
}

/**
 * The folder of a database of n generated records, built (and its list index step run) the
 * first time and reused while the definitions and the generator are unchanged.
 */
export async function listBenchDatabase(n: number, store: ListBenchStore = "sqlite"): Promise<{ dir: string; config: Config; buildSeconds: number | null; indexSeconds: number | null; indexReport: string }> {
  const dir = cacheDir(n, store);
  const config = benchConfig(n, store);
  // On PostgreSQL the folder holds only this mark: the database is on the server.
  const ready = join(dir, "ready.json");
  let buildSeconds: number | null = null;
  let indexSeconds: number | null = null;
  let indexReport = "reused";
  if (!existsSync(ready)) {
    buildSeconds = store === "sqlite" ? await build(dir, n) : await buildPostgres(n);
    const started = performance.now();
    const tracker = await openTracker(config);
    indexSeconds = (performance.now() - started) / 1000;
    indexReport = `${tracker.listIndexes.created.length} indexes made; side tables filled from ${tracker.listIndexes.rebuilt.map((r) => r.records).join(", ")} records`;
    // The learning library has no texts here: marked built, so the server does not start rebuilding them under the measurements.
    const form = tracker.registry.published("s-crt")!.form;
    await tracker.store.markTextsBuilt("s-crt", learningSignature(form));
    await tracker.close();
    writeFileSync(ready, JSON.stringify({ n, buildSeconds, indexSeconds }));
  }
  return { dir, config, buildSeconds, indexSeconds, indexReport };
}

export async function benchListAtScale(n: number, rounds: number, store: ListBenchStore = "sqlite"): Promise<ListBenchFigures> {
  const { config, buildSeconds, indexSeconds, indexReport } = await listBenchDatabase(n, store);
  const context = await createServerContext({ config, seed: { users: true, demoCases: false } });
  const app = await buildApp(context, { rateLimits: { perUser: Number.MAX_SAFE_INTEGER } });
  try {
    const cookies: Record<string, string> = {};
    for (const username of ["national", ICB_USER.username]) {
      const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
      cookies[username] = `scrt_session=${res.cookies.find((c) => c.name === "scrt_session")!.value}`;
    }
    const list = async (username: string, query: string) => {
      const started = performance.now();
      const res = await app.inject({ method: "GET", url: `/api/collections/s-crt/records?${query}`, headers: { cookie: cookies[username]! } });
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`${query} as ${username}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const body = res.json() as { total: number; totalCapped: boolean; next: string | null; items: unknown[] };
      if (body.items.length === 0 && !FINDS_NOTHING.has(query)) throw new Error(`${query} as ${username}: no records`);
      return { ms, body };
    };
    const queries: Record<string, Record<string, string>> = {};
    // Page 1000, or as deep as the ICB's list goes in a smaller run.
    const deep = Math.max(2, Math.min(1000, Math.floor(n / OWNERS.length / 50)));
    for (const username of Object.keys(cookies)) {
      // The cursor that the page before hands on: its next page is the deep page.
      const before = await list(username, `page=${deep - 1}`);
      // The furthest page the web app's pager offers from a search's first page: its pages are of
      // PAGE_SIZE cases, and a capped count is offered as far as it goes.
      // Its Next link reads on from that page's cursor.
      const furthest = async (q: string): Promise<{ page: string; next: string }> => {
        const first = await list(username, `q=${encodeURIComponent(q)}&pageSize=${PAGE_SIZE}`);
        const pages = Math.max(1, Math.ceil(first.body.total / PAGE_SIZE), first.body.totalCapped && first.body.next ? 2 : 0);
        const page = `q=${encodeURIComponent(q)}&pageSize=${PAGE_SIZE}&page=${pages}`;
        const { body } = await list(username, page);
        return { page, next: `q=${encodeURIComponent(q)}&pageSize=${PAGE_SIZE}&page=${pages + 1}&cursor=${body.next!}` };
      };
      const missed = await furthest("missed");
      const missedAppointment = await furthest("missed appointment");
      queries[username] = {
        "page 1": "page=1",
        [`page ${deep}`]: `page=${deep}`,
        [`page ${deep} (cursor)`]: `cursor=${before.body.next!}`,
        "search q=missed": "q=missed",
        // Under three characters no trigram index can help: a common pair, one in about 1% of
        // texts (the most a short search is counted as rare with), and two found nowhere, one
        // beyond ASCII.
        "search q=mi": "q=mi",
        "search q=11 (about 1%)": "q=11",
        "search q=qz (found nowhere)": "q=qz",
        "search q=zé (found nowhere)": `q=${encodeURIComponent("zé")}`,
        // Punctuation and short words: no trigram narrows it on PostgreSQL. Three common words
        // together, which few texts hold: each word's trigrams are in most texts (found where
        // the words meet). And two that many hold together (about 1.3% of texts).
        "search q=n/a (found nowhere)": "q=n%2Fa",
        "search q=care concerns risk": `q=${encodeURIComponent("care concerns risk")}`,
        "search q=missed appointment": `q=${encodeURIComponent("missed appointment")}`,
        // A common word's and a common phrase's last linked page: found by walking the list.
        "search q=missed, pager's furthest page": missed.page,
        "search q=missed appointment, pager's furthest page": missedAppointment.page,
        "search q=missed, Next from there (cursor)": missed.next,
        "search q=missed appointment, Next from there (cursor)": missedAppointment.next,
        "filter themes=neglect": "themes=neglect",
        "filter status=open": "status=open",
        "sort incident_date": "sort=incident_date",
        "sort incident_date asc": "sort=incident_date&dir=asc",
        [`sort incident_date page ${deep}`]: `sort=incident_date&page=${deep}`,
        "incident_date in 2024": "incident_date_from=2024-01-01&incident_date_to=2024-12-31",
        "incident_date in March 2024": "incident_date_from=2024-03-01&incident_date_to=2024-03-31",
      };
    }
    const times: Record<string, number[]> = {};
    const last: Record<string, { total: number; totalCapped: boolean }> = {};
    // One unmeasured round first (statement caches, SQLite's page cache), then rounds in which every query and user take turns.
    for (let round = -1; round < rounds; round++) {
      for (const name of Object.keys(queries.national!)) {
        for (const username of Object.keys(queries)) {
          const { ms, body } = await list(username, queries[username]![name]!);
          if (round < 0) continue;
          (times[`${name}|${username}`] ??= []).push(ms);
          last[`${name}|${username}`] = body;
        }
      }
    }
    const rows = Object.entries(times).map(([key, xs]) => {
      const [query, user] = key.split("|") as [string, string];
      return { query, user, p50: percentile(xs, 50), p95: percentile(xs, 95), total: last[key]!.total, capped: last[key]!.totalCapped };
    });
    return { store, records: n, buildSeconds, indexSeconds, indexReport, rounds, rows };
  } finally {
    await app.close();
    await context.store.close();
  }
}

export function printListBench(f: ListBenchFigures): void {
  console.log(`\nlist at scale: ${f.records.toLocaleString("en-GB")} v2.0 records on ${f.store === "sqlite" ? "SQLite" : "PostgreSQL"}; ${f.rounds} measured rounds, queries and users interleaved`);
  if (f.buildSeconds !== null) console.log(`  database written in ${f.buildSeconds.toFixed(1)} s; first opening (list index step: ${f.indexReport}) ${f.indexSeconds!.toFixed(1)} s`);
  else console.log("  database reused from an earlier run");
  const header = ["query", "user", "p50 ms", "p95 ms", "total"];
  const body = f.rows.map((r) => [r.query, r.user, r.p50.toFixed(1), r.p95.toFixed(1), `${r.capped ? "at least " : ""}${r.total.toLocaleString("en-GB")}`]);
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  for (const r of all) console.log(`  ${r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`);
  const worst = Math.max(...f.rows.map((r) => r.p95));
  console.log(`  slowest p95 ${worst.toFixed(1)} ms (aim: every p95 under 100 ms) — ${worst < 100 ? "meets the aim" : "misses the aim"}`);
}
