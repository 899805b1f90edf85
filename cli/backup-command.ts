/**
 * `backup --out FILE` and `restore FILE`. Neither compiles the forms (see ops/backup.ts), so
 * both work when the definitions are broken, and a backup is quick to start from cron.
 * Exit codes: 0 done; 1 refused as things stand (the file exists, a server holds the data
 * folder, the copy failed); 2 unusable input (not a tracker database, damaged, no such file).
 */
import { backupDatabase, embeddedOnly, loadConfig, restoreDatabase, type BackupDone, type Config, type CopyProgress, type RestoreDone } from "../ops/index.ts";
import { UsageError, type Output } from "./output.ts";

/** Failures that are the input's fault, not the moment's. */
const UNUSABLE_INPUT = new Set(["no_file", "no_folder", "same_file", "not_sqlite", "damaged", "not_tracker", "newer_schema", "unreadable"]);

/** Progress is shown once a copy has run this long, then at this interval: small databases stay quiet. */
const PROGRESS_EVERY_MS = 1000;

export async function runBackup(args: string[], opts: { out?: string; force?: boolean; quick?: boolean; json?: boolean }, out: Output): Promise<number> {
  if (args.length > 0) throw new UsageError(`backup takes no arguments besides --out FILE (got "${args.join(" ")}")`);
  if (!opts.out) throw new UsageError("backup needs --out FILE (where to write the copy)");
  const config = configOrUsage();
  const notHere = embeddedOnly(config, "backup", "back PostgreSQL up with pg_dump, or your managed service's backups and point-in-time recovery");
  if (notHere) throw new UsageError(notHere, false);
  const progress = progressPrinter("backup", out);
  const result = await backupDatabase(config, {
    out: opts.out,
    force: opts.force,
    quick: opts.quick,
    onProgress: progress.onProgress,
    onChecking: () => progress.say(`copied; checking the copy (${opts.quick ? "quick_check" : "integrity_check"})`),
  });
  if (!result.ok) {
    out.stderr(`scrt: backup: ${result.message}\n`);
    return UNUSABLE_INPUT.has(result.code) ? 2 : 1;
  }
  out.stdout(opts.json ? `${JSON.stringify({ ...result, takenAt: result.takenAt.toISOString() }, null, 2)}\n` : describeBackup(config, result, opts.quick));
  return 0;
}

export async function runRestore(args: string[], opts: { quick?: boolean; json?: boolean }, out: Output): Promise<number> {
  const [file, ...extra] = args;
  if (!file) throw new UsageError("restore needs FILE (a backup made by scrt backup)");
  if (extra.length > 0) throw new UsageError(`restore takes one file, not ${args.length}`);
  const config = configOrUsage();
  const notHere = embeddedOnly(config, "restore", "restore PostgreSQL with pg_restore, or your managed service's restore, with every tracker instance stopped");
  if (notHere) throw new UsageError(notHere, false);
  const result = await restoreDatabase(config, { file, quick: opts.quick });
  if (!result.ok) {
    out.stderr(`scrt: restore: ${result.message}\n`);
    return UNUSABLE_INPUT.has(result.code) ? 2 : 1;
  }
  out.stdout(opts.json ? `${JSON.stringify(result, null, 2)}\n` : describeRestore(file, result));
  return 0;
}

function configOrUsage(): Config {
  try {
    return loadConfig();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), false);
  }
}

/**
 * Prints on stderr how far a long copy has gone, at most once a second; `say` adds a line
 * only once progress has been shown, so a small database's backup prints its summary alone.
 */
function progressPrinter(label: string, out: Output): { onProgress: (progress: CopyProgress) => void; say: (text: string) => void } {
  let lastPrinted = Date.now();
  let printed = false;
  let saidOnePass = false;
  return {
    onProgress(p) {
      if (p.onePass && !saidOnePass) {
        saidOnePass = true;
        printed = true;
        out.stderr(`${label}: the database changed under the copy ${p.restarts} times; copying it in one pass (writers carry on)\n`);
        return;
      }
      const now = Date.now();
      if (now - lastPrinted < PROGRESS_EVERY_MS || p.totalPages === 0) return;
      lastPrinted = now;
      printed = true;
      out.stderr(`${label}: ${Math.floor((100 * p.copiedPages) / p.totalPages)}% (${count(p.copiedPages)} of ${count(p.totalPages)} pages)\n`);
    },
    say(text) {
      if (printed) out.stderr(`${label}: ${text}\n`);
    },
  };
}

function describeBackup(config: Config, r: BackupDone, quick: boolean | undefined): string {
  return [
    `Backed up ${config.databaseFile} to ${r.file} (readable by this account only).`,
    `  taken at  ${r.takenAt.toISOString()} (every write committed before then is in the copy)`,
    `  holds     ${holdings(r)}`,
    `  size      ${megabytes(r.bytes)}`,
    `  check     ${quick ? "quick_check" : "integrity_check"}: ${r.integrity.join("; ")}`,
    `  took      ${r.seconds.toFixed(1)} s`,
    "",
  ].join("\n");
}

function describeRestore(file: string, r: RestoreDone): string {
  const lines: string[] = [];
  if (r.staleLock) lines.push(r.staleLock);
  lines.push(`Restored ${file} into ${r.database}: ${holdings(r)}; integrity ${r.integrity.join("; ")}.`);
  lines.push(r.keptAside ? `The database it replaced is kept at ${r.keptAside}; delete it when it is no longer needed.` : "There was no database to replace.");
  for (const side of r.sideFiles) lines.push(`  ${side}`);
  if (r.migrationsPending > 0) {
    lines.push(`The backup's schema is ${r.migrationsPending} migration${r.migrationsPending === 1 ? "" : "s"} behind this version of the tracker: they are applied when the tracker next starts.`);
  }
  lines.push("Start the server to use it.", "");
  return lines.join("\n");
}

function holdings(r: { records: { collection: string; records: number }[]; revisions: number; users: number }): string {
  const total = r.records.reduce((n, c) => n + c.records, 0);
  const each = r.records.length > 0 ? ` (${r.records.map((c) => `${c.collection} ${count(c.records)}`).join(", ")})` : "";
  return `${count(total)} record${total === 1 ? "" : "s"}${each}, ${count(r.revisions)} revisions, ${count(r.users)} users`;
}

const count = (n: number) => n.toLocaleString("en-GB");

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
