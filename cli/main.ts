/**
 * The standards team's command line: `npm run scrt -- <command>`.
 * Exit codes: 0 success, 1 the definitions or the record have problems, 2 unusable input.
 */
import { parseArgs } from "node:util";
import { CommandRefused, UsageError, type Output } from "./output.ts";

// Each command's code is loaded when it runs: a command needs only its own part of the tracker
// (lint the engine, import the storage and organisations), and starting the CLI stays quick.
const lint = () => import("./lint-command.ts");
const scaffold = () => import("./new-command.ts");
const compile = () => import("./compile-command.ts");
const diff = () => import("./diff-command.ts");
const preview = () => import("./preview-command.ts");
const lifecycle = () => import("./lifecycle-command.ts");
const importing = () => import("./import-command.ts");
const migrating = () => import("./migrate-command.ts");
const extracting = () => import("./extract-command.ts");
const backups = () => import("./backup-command.ts");
const checking = () => import("./check-data-command.ts");
const accounts = () => import("./users-command.ts");
const validating = () => import("./validate-command.ts");

const USAGE = `Usage: npm run scrt -- <command>

  forms lint [path ...]                               check definitions (default: forms/ and examples/)
  forms new <collection> [--dir DIR]                  scaffold a new collection that lints clean (in forms/ by default)
  forms compile <collection> [--version V] --out DIR  write schema, UI schema, validator, types, dictionary
  forms diff <collection> <from> <to> [--json]        what changed, breaking or not
  forms preview [collection] [version] [--port N] [--editor vscode|cursor|idea|URL]
                                                      a live preview on this machine that follows the files
  forms publish <collection> <version>                publish a draft (retires the current version)
  forms retire <collection> <version>                 retire the published version
  forms relock <collection> <version>                 record a fixed version's file again after a change
                                                      that keeps its meaning (shown by a test)
  validate <collection> <version> <file.json | -> [--json] [--today YYYY-MM-DD]
                                                      validate one record's data
  import <collection> --version V <file.csv> [--to V2] [--valid-only] [--dry-run] [--json]
                                                      bring in legacy cases (DATA_DIR); --to carries each
                                                      to version V2 as it is stored (as migrate does)
  migrate <collection> --to V [--dry-run] [--date YYYY-MM-DD] [--json]
                                                      carry stored records to version V (DATA_DIR)
  migrate <collection> --owners [--dry-run] [--date YYYY-MM-DD] [--json]
                                                      move records of closed organisations to their successors
  check-data <collection> [--version V] [--json]      re-run a version's rules over the stored records
  extract <collection> (--quarter 2026-27-Q2 | --as-at YYYY-MM-DD) [--format csv|xlsx] [--out FILE] [--dictionary FILE]
                                                      every record as it stood then, in the current version's columns
  backup --out FILE [--force] [--quick] [--json]      a checked copy of the database (DATA_DIR), safe while the server runs
  restore FILE [--quick] [--json]                     put a backup in place of the database (the server must be stopped)
  users add --email E --name N --role R --org CODE [--admin]
                                                      add an account (roles: icb_editor, icb_viewer, regional,
                                                      national, standards_admin; --admin: a user administrator)
  users list [--json]                                 every account
  users deactivate --email E                          end their sessions; they cannot sign in
  users reactivate --email E [--org CODE]             let them sign in again
  users remove-demo                                   remove the demo users and dev sessions (records are kept)
  serve                                               the tracker's server (what npm start runs)
`;

export async function main(argv: string[], out: Output): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      json: { type: "boolean" },
      out: { type: "string" },
      dir: { type: "string" },
      version: { type: "string" },
      today: { type: "string" },
      to: { type: "string" },
      date: { type: "string" },
      "dry-run": { type: "boolean" },
      owners: { type: "boolean" },
      "valid-only": { type: "boolean" },
      quarter: { type: "string" },
      "as-at": { type: "string" },
      format: { type: "string" },
      dictionary: { type: "string" },
      force: { type: "boolean" },
      quick: { type: "boolean" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      org: { type: "string" },
      admin: { type: "boolean" },
      port: { type: "string" },
      editor: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, ...rest] = positionals;
  const raw = values as { json?: boolean; out?: string; version?: string; today?: string; help?: boolean; to?: string; owners?: boolean; date?: string; "dry-run"?: boolean; "valid-only"?: boolean };
  const extra = values as { quarter?: string; "as-at"?: string; format?: string; dictionary?: string };
  const opts = { ...raw, dryRun: raw["dry-run"], validOnly: raw["valid-only"], quarter: extra.quarter, asAt: extra["as-at"], format: extra.format, dictionary: extra.dictionary };
  if (opts.help || !command) {
    out.stdout(USAGE);
    return command ? 0 : 2;
  }
  try {
    if (command === "forms" && sub === "lint") return (await lint()).runLint(rest, out);
    if (command === "forms" && sub === "new") {
      const dir = (values as { dir?: unknown }).dir;
      if (dir !== undefined && typeof dir !== "string") throw new UsageError("--dir needs a folder");
      return (await scaffold()).runNew(rest, { ...(dir !== undefined ? { dir } : {}) }, out);
    }
    if (command === "forms" && sub === "compile") return await (await compile()).runCompile(rest, opts, out);
    if (command === "forms" && sub === "diff") return (await diff()).runDiff(rest, opts, out);
    if (command === "forms" && sub === "preview") return await (await preview()).runPreview(rest, { port: typeof values.port === "string" ? values.port : undefined, editor: typeof values.editor === "string" ? values.editor : undefined }, out);
    if (command === "forms" && (sub === "publish" || sub === "retire" || sub === "relock")) return (await lifecycle()).runLifecycle(sub, rest, out);
    if (command === "import") return await (await importing()).runImport([sub, ...rest].filter((s): s is string => s !== undefined), opts, out);
    if (command === "migrate") return await (await migrating()).runMigrate([sub, ...rest].filter((s): s is string => s !== undefined), opts, out);
    if (command === "extract") return await (await extracting()).runExtractCommand([sub, ...rest].filter((s): s is string => s !== undefined), opts, out, process.stdout);
    if (command === "backup") return await (await backups()).runBackup([sub, ...rest].filter((s): s is string => s !== undefined), { ...opts, ...(values as { force?: boolean; quick?: boolean }) }, out);
    if (command === "restore") return await (await backups()).runRestore([sub, ...rest].filter((s): s is string => s !== undefined), { ...opts, ...(values as { quick?: boolean }) }, out);
    if (command === "check-data") return await (await checking()).runCheckData([sub, ...rest].filter((s): s is string => s !== undefined), opts, out);
    if (command === "users") {
      // Without strict parsing, a flag given no value is `true`: treat it as not given.
      const text = (v: unknown) => (typeof v === "string" ? v : undefined);
      const account = { email: text(values.email), name: text(values.name), role: text(values.role), org: text(values.org), admin: values.admin === true };
      return await (await accounts()).runUsers(sub, { ...account, json: opts.json, today: text(opts.today) }, out);
    }
    if (command === "serve") {
      // Runs until stopped; the server reports its own address and errors.
      (await import("../server/index.ts")).start();
      return await new Promise<number>(() => undefined);
    }
    if (command === "validate") return await (await validating()).runValidate([sub, ...rest].filter((s): s is string => s !== undefined), opts, out);
    throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(" ")}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      out.stderr(e.showUsage ? `scrt: ${e.message}\n\n${USAGE}` : `scrt: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CommandRefused) {
      out.stderr(`scrt: ${command}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

const isEntryPoint = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!);
if (isEntryPoint) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`scrt: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
