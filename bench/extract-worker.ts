/**
 * Worker of the extract benchmark, one process per measurement so that its peak memory is its
 * own. `seed DIR N`: N fictional v2.0 records for a spread of ICBs. `extract DIR csv|xlsx`: one
 * national extract of everything to a file, printing one JSON line of figures. `dashboard DIR K`:
 * the real server on the data, the time its dashboard takes to read every record once, then K
 * rounds of dashboard requests as a national, a regional and an ICB user, interleaved.
 */
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { configFor, openTracker, runExtract, type ExtractFormat } from "../ops/index.ts";
import type { NewRecord } from "../storage/index.ts";
import { validCase } from "../test/server/harness.ts";

const [command, dir, arg] = process.argv.slice(2) as [string, string, string];
const tracker = await openTracker(configFor(dir));
const user = await tracker.store.ensureUser({ username: "bench", displayName: "Bench", role: "national", orgCode: "X24" });
const OWNERS = ["QE1", "QMF", "QMJ", "QOP", "QHM", "QYG", "QRV", "QUY"];
const THEMES = ["neglect", "domestic", "financial", "psychological", "sexual", "physical"];

if (command === "seed") {
  const n = Number(arg);
  const started = performance.now();
  await tracker.store.bulk(async () => {
    for (let i = 0; i < n; i += 1000) {
      const batch: NewRecord[] = [];
      for (let j = i; j < Math.min(n, i + 1000); j++) {
        const data = validCase(`B/${j}`, { themes: [THEMES[j % THEMES.length]!, THEMES[(j * 7) % THEMES.length]!].filter((t, k, a) => a.indexOf(t) === k), brief_overview: `Fictional case ${j}: missed appointments and a delayed referral.` });
        batch.push({ collection: "s-crt", version: "2.0", ownerOrg: OWNERS[j % OWNERS.length]!, data, userId: user.id, complete: true, missing: [], unique: [], at: "2026-05-01T10:00:00.000Z" });
      }
      await tracker.store.createRecords(batch);
    }
  });
  console.log(JSON.stringify({ seeded: n, seconds: (performance.now() - started) / 1000 }));
} else if (command === "dashboard") {
  await benchDashboard(Number(arg));
} else {
  const format = arg as ExtractFormat;
  const file = createWriteStream(join(dir, `extract.${format}`));
  const started = performance.now();
  const entry = await runExtract({ store: tracker.store, registry: tracker.registry, reference: tracker.reference, collection: "s-crt", asAt: "2026-09-30", quarter: "2026-27-Q2", owners: "all", scope: "all", userId: user.id, generatedBy: "bench", format, out: file });
  file.end();
  await finished(file);
  console.log(JSON.stringify({ format, rows: entry.rows, seconds: (performance.now() - started) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}
await tracker.close();

async function benchDashboard(rounds: number): Promise<void> {
  const { buildApp, createServerContext } = await import("../server/index.ts");
  const context = await createServerContext({ config: configFor(dir), registry: tracker.registry, seed: { users: true, demoCases: false } });
  // One user asks as fast as the server answers: the limit is still counted, never reached.
  const app = await buildApp(context, { rateLimits: { perUser: Number.MAX_SAFE_INTEGER } });
  const cookies: Record<string, string> = {};
  for (const username of ["national", "region.nw", "icb.lsc"]) {
    const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
    cookies[username] = `scrt_session=${res.cookies.find((c) => c.name === "scrt_session")!.value}`;
  }
  const ask = async (username: string) => {
    const started = performance.now();
    const res = await app.inject({ method: "GET", url: "/api/collections/s-crt/dashboard?quarter=2026-27-Q2", headers: { cookie: cookies[username]! } });
    if (res.statusCode !== 200) throw new Error(`dashboard as ${username}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return performance.now() - started;
  };
  // The first reading of every revision, timed on its own (the server starts it at start-up).
  const started = performance.now();
  await context.dashboards.of("s-crt")!.catchUp();
  const buildSeconds = (performance.now() - started) / 1000;
  const times: Record<string, number[]> = { national: [], "region.nw": [], "icb.lsc": [] };
  for (let i = 0; i < rounds; i++) for (const who of Object.keys(times)) times[who]!.push(await ask(who));
  await app.close();
  console.log(JSON.stringify({ buildSeconds, times, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}
