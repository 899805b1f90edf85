/**
 * What a case's write costs, part by part, on SQLite: the store's create (with its audit entry,
 * in groups of 16 as concurrent requests arrive) on fresh tracker files, one of which keeps
 * every part of the write while each of the others has one part taken away: the trigram index
 * of the list's search, the list's expression indexes, the audit trail's indexes, the records'
 * own list indexes, or all four. The files take turns (bench/measure.ts), and the figure is CPU
 * time per create, so the difference from the whole write is what that part costs.
 *
 * A second table takes the whole write on one file at different group sizes (writes a commit,
 * from 1 to 256): what the commits cost, and what is left of a case's write however many share
 * a commit.
 *
 * A measurement for deciding what a case's write should carry (issue 13's create aim), not a
 * configuration: the tracker never runs without these parts.
 *
 *   npm run bench -- --only write-parts [--n 1000] [--runs 5]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { configFor } from "../ops/index.ts";
import { createServerContext, type ServerContext } from "../server/index.ts";
import type { User } from "../storage/index.ts";
import { validCase } from "../test/server/harness.ts";
import { formatRatio, interleave, printTable, ratio, type Target } from "./measure.ts";

const GROUP = 16;

/** SQL that takes one part of the write away (run on the file before measuring). */
const PARTS = {
  "every part (the tracker)": [],
  "without the trigram search index": ["DROP TABLE record_search_fts", "CREATE TABLE record_search_fts (rowid INTEGER PRIMARY KEY, text TEXT)"],
  "without the list's expression indexes": ["lx1_%"],
  "without the audit trail's indexes": ["audit_log_%_idx"],
  "without the records' list indexes": ["records_collection_%"],
} satisfies Record<string, string[]>;
type Part = keyof typeof PARTS | "without all four";

interface Setup {
  dir: string;
  context: ServerContext;
  user: User;
  next: number;
}

/** Statements as given, and index name patterns (containing %) dropped one by one. */
function takeAway(file: string, steps: string[]): void {
  const raw = new Database(file);
  try {
    for (const step of steps) {
      if (!step.includes("%")) {
        raw.exec(step);
        continue;
      }
      const names = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE ?").all(step) as { name: string }[];
      for (const { name } of names) raw.exec(`DROP INDEX "${name}"`);
    }
  } finally {
    raw.close();
  }
}

async function setUp(steps: string[]): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-parts-"));
  const context = await createServerContext({ config: configFor(dir), seed: { users: true, demoCases: false }, today: () => "2026-11-21" });
  takeAway(join(dir, "tracker.sqlite"), steps);
  const user = await context.store.getUserByUsername("icb.lsc");
  if (!user) throw new Error("the seeded user icb.lsc is missing");
  return { dir, context, user, next: 0 };
}

/** n creates in groups of `size` (the writes in one commit), each with its audit entry; CPU µs per create. */
async function creates(s: Setup, n: number, size = GROUP): Promise<number> {
  const started = process.cpuUsage();
  for (let done = 0; done < n; done += size) {
    const group = Array.from({ length: Math.min(size, n - done) }, () => {
      const ref = `PARTS-${s.next++}`;
      return s.context.store.createRecord({
        collection: "s-crt",
        version: "2.0",
        ownerOrg: s.user.orgCode,
        data: validCase(ref),
        userId: s.user.id,
        complete: true,
        missing: [],
        unique: [{ item: "steis_or_local_id", value: ref, ignoreCase: true, within: "owner" }],
        audit: (record) => ({ action: "case_created", userId: s.user.id, actor: s.user.username, ip: "127.0.0.1", collection: record.collection, recordId: record.id, details: { version: record.version, revision: record.revision } }),
      });
    });
    for (const result of await Promise.all(group)) if (result.kind !== "ok") throw new Error(`create refused: ${result.kind}`);
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / n;
}

export async function benchWriteParts(n: number, runs: number): Promise<void> {
  const all = Object.values(PARTS).flat();
  const plan: [Part, string[]][] = [...(Object.entries(PARTS) as [Part, string[]][]), ["without all four", all]];
  const setups = new Map<Part, Setup>();
  try {
    for (const [part, steps] of plan) setups.set(part, await setUp(steps));
    const targets: Target<Part>[] = plan.map(([part]) => ({ name: part, run: () => creates(setups.get(part)!, n) }));
    const results = await interleave(targets, { runs, warmup: 1 });
    console.log(`\nwrite-parts: CPU per create (with its audit entry), groups of ${GROUP}, ${Math.max(5, runs)} measured rounds of ${n} per file after 1 warm-up round, files in turn`);
    const whole = results["every part (the tracker)"];
    printTable([
      ["", "µs per create (median)", "min", "max", "part's cost (µs)", "against the whole write"],
      ...plan.map(([part]) => {
        const r = results[part];
        return [part, r.median.toFixed(0), r.min.toFixed(0), r.max.toFixed(0), part === "every part (the tracker)" ? "" : (whole.median - r.median).toFixed(0), part === "every part (the tracker)" ? "" : formatRatio(ratio(r, whole))];
      }),
    ]);
    await benchGroupSizes(setups.get("every part (the tracker)")!, n, runs);
  } finally {
    for (const s of setups.values()) {
      await s.context.store.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
}

/** Group sizes compared: one write a commit, as a lone request has it, up to a bulk run's. */
const GROUP_SIZES = [1, 4, 16, 64, 256];

/**
 * The whole write at different group sizes, on one file, the sizes in turn: how much of a
 * case's write is the commit (each commit writes every page its group touched, and each list
 * index's last page is touched by every group), and how much is left however large the group.
 */
async function benchGroupSizes(s: Setup, n: number, runs: number): Promise<void> {
  // Whole groups only, so every size writes the same number of records.
  const count = Math.max(GROUP_SIZES.at(-1)!, Math.round(n / 256) * 256);
  const targets: Target<string>[] = GROUP_SIZES.map((size) => ({ name: String(size), run: () => creates(s, size === 1 ? count / 4 : count, size) }));
  const results = await interleave(targets, { runs, warmup: 1 });
  console.log(`\nwrite-parts: CPU per create with every part, by the writes in one commit, ${Math.max(5, runs)} measured rounds of ${count} per size (${count / 4} alone) after 1 warm-up round, sizes in turn`);
  const base = results[String(GROUP)]!;
  printTable([
    ["writes a commit", "µs per create (median)", "min", "max", `against groups of ${GROUP}`],
    ...GROUP_SIZES.map((size) => {
      const r = results[String(size)]!;
      return [String(size), r.median.toFixed(0), r.min.toFixed(0), r.max.toFixed(0), size === GROUP ? "" : formatRatio(ratio(r, base))];
    }),
  ]);
}
