/**
 * Worker of the learning library benchmark. `seed DIR N`: N fictional v2.0 records spread over
 * eight ICBs, with lessons, recommendations and organisational learning written from a fixed
 * vocabulary (a few words in most texts, many in some, some in very few), stored with their
 * texts as the API stores them. `search DIR ROUNDS`: the real server (through inject) answers
 * the same ~200 searches per round as a national user and as one ICB's editor; prints one JSON
 * line with each round's p50 and p95 in milliseconds.
 */
import { configFor, learningEntry, learningSignature, openTracker } from "../ops/index.ts";
import { buildApp, createServerContext } from "../server/index.ts";
import type { NewRecord } from "../storage/index.ts";
import { validCase } from "../test/server/harness.ts";

const [command, dir, arg] = process.argv.slice(2) as [string, string, string];

const OWNERS = ["QE1", "QMF", "QMJ", "QOP", "QHM", "QYG", "QRV", "QUY"];
const THEMES = ["neglect", "domestic", "financial", "psychological", "sexual", "physical"];
const TYPES = ["sar", "dhr", "cspr", "si"];
/** In most texts. */
const COMMON = ["safeguarding", "information", "sharing", "referral", "risk", "assessment", "agencies", "training", "family", "staff"];
/** In some. */
const MIDDLE = ["escalation", "supervision", "capacity", "consent", "carer", "housing", "discharge", "medication", "hoarding", "selfneglect", "coercive", "control", "fall", "pressure", "ulcer", "dementia", "alcohol", "substance", "homeless", "interpreter", "transition", "advocacy", "probation", "police", "school", "health", "visitor", "midwife", "gp", "pharmacy"];
const FILLER = ["the", "was", "not", "and", "to", "of", "a", "with", "were", "for", "in", "on", "by", "at", "from", "should", "must", "be", "had", "their"];

/** A small fixed-seed generator, so every run writes the same texts. */
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

/** A rare word: one of 20,000 made-up words, each in about 1 in 20,000 texts' worth of picks. */
function rareWord(n: number): string {
  const syllables = ["ka", "lo", "mi", "ren", "sto", "vu", "pel", "dra", "qui", "zen"];
  let w = "";
  for (let x = n + 20_000; x > 0; x = Math.floor(x / 10)) w += syllables[x % 10];
  return w;
}

function text(next: () => number): string {
  const words: string[] = [];
  const length = 15 + Math.floor(next() * 30);
  for (let i = 0; i < length; i++) {
    const r = next();
    if (r < 0.1) words.push(COMMON[Math.floor(next() * COMMON.length)]!);
    else if (r < 0.25) words.push(MIDDLE[Math.floor(next() * MIDDLE.length)]!);
    else if (r < 0.28) words.push(rareWord(Math.floor(next() * 20_000)));
    else words.push(FILLER[Math.floor(next() * FILLER.length)]!);
  }
  return `${words.join(" ")}.`;
}

function signedOff(next: () => number): string | undefined {
  if (next() < 0.3) return undefined;
  const day = new Date(Date.UTC(2024, 3, 1) + Math.floor(next() * 940) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

if (command === "seed") {
  const tracker = await openTracker(configFor(dir));
  const user = await tracker.store.ensureUser({ username: "bench", displayName: "Bench", role: "national", orgCode: "X24" });
  const form = tracker.registry.published("s-crt")!.form;
  const n = Number(arg);
  const next = random(42);
  const started = performance.now();
  await tracker.store.bulk(async () => {
    for (let i = 0; i < n; i += 1000) {
      const batch: NewRecord[] = [];
      for (let j = i; j < Math.min(n, i + 1000); j++) {
        const themes = [THEMES[j % THEMES.length]!, THEMES[(j * 7) % THEMES.length]!].filter((t, k, a) => a.indexOf(t) === k);
        const signed = signedOff(next);
        const data = validCase(`B/${j}`, {
          review_type: TYPES[j % TYPES.length],
          themes,
          lessons_learned: text(next),
          ...(next() < 0.8 ? { recommendations: text(next) } : {}),
          ...(next() < 0.5 ? { organisational_learning: text(next) } : {}),
          ...(signed ? { date_report_signed_off: signed } : {}),
        });
        batch.push({ collection: "s-crt", version: "2.0", ownerOrg: OWNERS[j % OWNERS.length]!, data, userId: user.id, complete: true, missing: [], unique: [], search: learningEntry(form, data), at: "2026-05-01T10:00:00.000Z" });
      }
      await tracker.store.createRecords(batch);
    }
  });
  // Stored with their texts: nothing for the server's start-up to rebuild.
  await tracker.store.markTextsBuilt("s-crt", learningSignature(form));
  const seconds = (performance.now() - started) / 1000;
  await tracker.close();
  console.log(JSON.stringify({ seeded: n, seconds }));
} else {
  const rounds = Number(arg);
  const context = await createServerContext({ config: configFor(dir), seed: { users: true, demoCases: false }, today: () => "2026-11-21" });
  // One user asks as fast as the server answers: the limit is still counted, never reached.
  const app = await buildApp(context, { rateLimits: { perUser: Number.MAX_SAFE_INTEGER } });
  await app.ready();
  const close = async () => {
    await app.close();
    await context.store.close();
  };
  const cookieOf = async (username: string) => {
    const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
    const set = res.cookies.find((c) => c.name === "scrt_session");
    if (!set) throw new Error(`could not sign in as ${username}`);
    return `scrt_session=${set.value}`;
  };
  const users = { national: await cookieOf("national"), icb: await cookieOf("icb.lsc") };
  // ~100 searches, run by each user: common, middling and rare words, two words, a phrase, with and without filters.
  const queries: string[] = [];
  const pick = random(7);
  const filters = ["", "", "&review_type=dhr", "&themes=neglect", "&quarter=2025-26-Q3", "&region=Y62", "&themes=domestic&review_type=sar", "&page=3"];
  for (let i = 0; i < 100; i++) {
    const kind = i % 5;
    const q =
      kind === 0
        ? COMMON[Math.floor(pick() * COMMON.length)]!
        : kind === 1
          ? MIDDLE[Math.floor(pick() * MIDDLE.length)]!
          : kind === 2
            ? rareWord(Math.floor(pick() * 20_000))
            : kind === 3
              ? `${COMMON[Math.floor(pick() * COMMON.length)]} ${MIDDLE[Math.floor(pick() * MIDDLE.length)]}`
              : `"${MIDDLE[Math.floor(pick() * MIDDLE.length)]} ${FILLER[Math.floor(pick() * FILLER.length)]}"`;
    queries.push(`q=${encodeURIComponent(q)}${filters[i % filters.length]}`);
  }
  const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const results: { round: number; user: string; p50: number; p95: number; max: number; slowest: string }[] = [];
  // Round 0 warms the caches and is not reported.
  for (let round = 0; round <= rounds; round++) {
    for (const [user, cookie] of Object.entries(users)) {
      const times: number[] = [];
      let slowest = { ms: 0, query: "" };
      for (const query of queries) {
        const started = performance.now();
        const res = await app.inject({ method: "GET", url: `/api/collections/s-crt/learning?${query}&pageSize=20`, headers: { cookie } });
        const ms = performance.now() - started;
        if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`);
        times.push(ms);
        if (ms > slowest.ms) slowest = { ms, query };
      }
      if (round > 0) results.push({ round, user, p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times), slowest: slowest.query });
    }
  }
  await close();
  console.log(JSON.stringify({ searches: queries.length, results }));
}
