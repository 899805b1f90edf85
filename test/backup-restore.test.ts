/**
 * `scrt backup` and `scrt restore` as a person runs them (real child processes) against a real
 * tracker: a backup taken while cases are being created over the API holds every case
 * acknowledged before its moment, passes SQLite's integrity check and restores into a new data
 * folder; files that are not tracker databases are refused with one clear line; an older
 * schema restored is brought up to date when the tracker next opens.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../engine/index.ts";
import { configFor, restoreDatabase } from "../ops/index.ts";
import { inspectTrackerDatabase, MIGRATIONS_FOLDER, openSqliteStore, type NewRecord } from "../storage/index.ts";
import { copyCollection, type CliResult } from "./helpers.ts";
import { RECORDS, startTracker, validCase } from "./server/harness.ts";

const root = mkdtempSync(join(tmpdir(), "scrt-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** The CLI in a child process, without blocking this one: the server in this process keeps answering meanwhile. */
function runCliAsync(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "cli/main.ts"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

describe("a backup taken while cases are being created", () => {
  it("holds every case acknowledged before its moment, passes the integrity check and restores into a new data folder", { timeout: 180_000 }, async () => {
    const tracker = await startTracker();
    const backupFile = join(root, "under-load.sqlite");
    const restoredDir = join(root, "restored");
    try {
      // Enough data that the copy takes many steps, so that writes land between them.
      const store = tracker.context.store;
      const author = (await store.getUserByUsername("icb.lsc"))!;
      for (let batch = 0; batch < 15; batch++) {
        const records: NewRecord[] = Array.from({ length: 1000 }, (_, i) => ({
          collection: "s-crt",
          version: "2.0",
          ownerOrg: "QE1",
          data: validCase(`F/${batch}/${i}`, { brief_overview: `Filler case ${batch}/${i}: ${"a fictional overview. ".repeat(20)}` }),
          userId: author.id,
          complete: true,
          missing: [],
          unique: [],
        }));
        await store.createRecords(records);
      }

      const editor = await tracker.signIn("icb.lsc");
      const acknowledged: { id: string; at: number }[] = [];
      let writing = true;
      let refused = 0;
      const writer = async (w: number) => {
        for (let n = 0; writing; n++) {
          const res = await editor.post(RECORDS, { data: validCase(`W/${w}/${n}`) });
          if (res.statusCode === 201) acknowledged.push({ id: (res.json() as { id: string }).id, at: Date.now() });
          else refused++;
          // Lets the event loop breathe between writes, as requests from many browsers would.
          await new Promise((r) => setImmediate(r));
        }
      };
      const writers = [writer(1), writer(2)];
      while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));

      const started = Date.now();
      const backup = await runCliAsync(["backup", "--out", backupFile, "--json"], { DATA_DIR: tracker.dataDir });
      const finished = Date.now();
      writing = false;
      await Promise.all(writers);

      expect(backup.stderr.replace(/^backup: .*\n/gm, "")).toBe("");
      expect(backup.status).toBe(0);
      const report = JSON.parse(backup.stdout) as { takenAt: string; integrity: string[]; records: { collection: string; records: number }[]; bytes: number; file: string };
      expect(report.integrity).toEqual(["ok"]);

      expect(report.file).toBe(backupFile);
      expect(mode(backupFile)).toBe("600");
      const takenAt = Date.parse(report.takenAt);
      expect(takenAt).toBeGreaterThanOrEqual(started);
      expect(takenAt).toBeLessThanOrEqual(finished);
      // The backup ran under load: cases were acknowledged while it ran.
      expect(refused).toBe(0);
      expect(acknowledged.filter((a) => a.at > started && a.at < finished).length).toBeGreaterThan(0);
      const before = acknowledged.filter((a) => a.at < takenAt);
      expect(before.length).toBeGreaterThanOrEqual(20);

      // The copy itself, checked here rather than trusting the command's own report.
      const copy = new Database(backupFile, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(copy.pragma("foreign_key_check")).toEqual([]);
        // A consistent moment: every record's current revision is there, and nothing else.
        expect(copy.prepare("SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM revisions v WHERE v.record_id = r.id AND v.revision = r.revision)").pluck().get()).toBe(0);
        expect(copy.prepare("SELECT count(*) FROM records").pluck().get()).toBe(report.records.reduce((n, c) => n + c.records, 0));
      } finally {
        copy.close();
      }

      const restore = await runCliAsync(["restore", backupFile], { DATA_DIR: restoredDir });
      expect(restore.stderr).toBe("");
      expect(restore.status).toBe(0);
      expect(restore.stdout).toContain(`Restored ${backupFile} into ${join(restoredDir, "tracker.sqlite")}`);
      expect(restore.stdout).toContain("There was no database to replace.");
      expect(mode(join(restoredDir, "tracker.sqlite"))).toBe("600");
      expect(mode(restoredDir)).toBe("700");

      const restored = await openSqliteStore({ file: join(restoredDir, "tracker.sqlite") });
      try {
        const missing: string[] = [];
        for (const a of before) if (!(await restored.getRecord("s-crt", a.id))) missing.push(a.id);
        expect(missing).toEqual([]);
        expect(await restored.countRecords("s-crt")).toBeGreaterThanOrEqual(15_000 + before.length);
      } finally {
        await restored.close();
      }
    } finally {
      await tracker.destroy();
    }
  });
});

describe("restore refuses what is not a tracker database", () => {
  const dataDir = join(root, "refusing");
  const env = { DATA_DIR: dataDir };
  beforeAll(async () => {
    const tracker = await startTracker({ dataDir });
    await tracker.stop();
  });

  it("names the file and says what it is, in one line, and leaves the data folder as it was", { timeout: 120_000 }, async () => {
    const before = readdirSync(dataDir).sort();

    const notes = join(root, "notes.csv");
    writeFileSync(notes, "CCG code,Brief overview\n00Q,Fictional\n");
    const other = join(root, "other.sqlite");
    const db = new Database(other);
    db.exec("CREATE TABLE cases (id TEXT)");
    db.close();
    const [text, sqlite, absent] = await Promise.all([
      runCliAsync(["restore", notes], env),
      runCliAsync(["restore", other], env),
      runCliAsync(["restore", join(root, "absent.sqlite")], env),
    ]);
    expect(text).toEqual({ status: 2, stdout: "", stderr: `scrt: restore: ${notes} is not a SQLite database\n` });
    expect(sqlite).toEqual({
      status: 2,
      stdout: "",
      stderr: `scrt: restore: ${other} is a SQLite database but not the tracker's: it has no __drizzle_migrations, records, revisions, users tables\n`,
    });
    expect(absent).toEqual({ status: 2, stdout: "", stderr: `scrt: restore: ${join(root, "absent.sqlite")} does not exist\n` });

    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it("refuses to back up over an existing file without --force or onto the database itself, and backs up while the definitions are broken", { timeout: 120_000 }, async () => {
    const existing = join(root, "existing.sqlite");
    writeFileSync(existing, "keep me");
    const [refused, self] = await Promise.all([
      runCliAsync(["backup", "--out", existing], env),
      runCliAsync(["backup", "--out", join(dataDir, "tracker.sqlite"), "--force"], env),
    ]);
    expect(refused).toEqual({ status: 1, stdout: "", stderr: `scrt: backup: ${existing} exists; choose another file or pass --force to replace it\n` });
    expect(readFileSync(existing, "utf8")).toBe("keep me");

    // Broken definitions do not stop a backup: it never compiles the forms.
    const broken = copyCollection();
    broken.write("collection.yaml", "id: [unclosed\n");
    const forced = await runCliAsync(["backup", "--out", existing, "--force"], { ...env, SCRT_FORMS: broken.root }).finally(() => broken.cleanup());
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/^Backed up .* to .*existing\.sqlite \(readable by this account only\)\.\n {2}taken at {2}\d{4}-.*\n  holds {5}\d+ records?\b.*\n {2}size .*\n {2}check {5}integrity_check: ok\n/);
    expect(mode(existing)).toBe("600");
    expect(inspectTrackerDatabase(existing).ok).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes(".partial-"))).toEqual([]);

    expect(self).toEqual({ status: 2, stdout: "", stderr: `scrt: backup: ${join(dataDir, "tracker.sqlite")} is the tracker's database itself; back up to another file\n` });
  });
});

it("restores a backup of an older schema, which the migrations bring up to date when the tracker next opens", async () => {
  // A database made by an older tracker, whose migrations stopped at the second one.
  const folder = join(root, "old-migrations");
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { when: number }[] };
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }));
  const old = join(root, "old-backup.sqlite");
  const sqlite = new Database(old);
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  sqlite.prepare("INSERT INTO users (id, username, display_name, role, org_code, created_at) VALUES ('u1', 'old.user', 'Old User', 'national', 'X24', '2024-01-01T00:00:00.000Z')").run();
  sqlite.close();

  const dataDir = join(root, "older");
  const restored = await restoreDatabase(configFor(dataDir), { file: old });
  expect(restored).toMatchObject({ ok: true, migrationsApplied: 2, migrationsPending: journal.entries.length - 2, keptAside: undefined });

  const store = await openSqliteStore({ file: join(dataDir, "tracker.sqlite") });
  try {
    expect(await store.getUserByUsername("old.user")).toMatchObject({ displayName: "Old User" });
    // Tables of the later migrations work: the learning library's search and the extract log.
    expect(await store.searchTexts({ collection: "s-crt", query: "neglect", owners: "all", page: 1, pageSize: 10 })).toMatchObject({ total: 0 });
    expect(await store.listExtractLog()).toEqual([]);
  } finally {
    await store.close();
  }
  expect(inspectTrackerDatabase(join(dataDir, "tracker.sqlite"))).toMatchObject({ ok: true, info: { migrationsPending: 0 } });
  expect(existsSync(join(dataDir, "tracker.lock"))).toBe(false);
});
