import { readFileSync } from "node:fs";
import { compileRecordValidator, isIsoDate } from "../engine/index.ts";
import { compiledVersion } from "./load-forms.ts";
import { UsageError, type Output } from "./output.ts";

export async function runValidate(args: string[], opts: { json?: boolean; today?: string }, out: Output): Promise<number> {
  const [collection, version, file] = args;
  if (!collection || !version || !file) throw new UsageError("validate needs <collection> <version> <file.json | ->");
  if (opts.today !== undefined && !isIsoDate(opts.today)) throw new UsageError(`--today must be a date like 2024-07-19, not "${opts.today}"`);
  const form = compiledVersion(collection, version);
  const data = readRecord(file);
  const validate = (await compileRecordValidator(form)).validate;
  const result = validate(data, opts.today ? { today: opts.today } : {});
  const more = result.moreErrors ?? 0;
  if (opts.json) {
    const errors = result.errors.map(({ path, code, message }) => ({ path, code, message }));
    out.stdout(`${JSON.stringify({ valid: result.valid, errors, ...(more ? { moreErrors: more } : {}) })}\n`);
  } else if (result.valid) {
    out.stdout(`${file}: valid against ${collection} ${version}\n`);
  } else {
    const count = result.errors.length + more;
    out.stdout(`${file}: ${count} error${count === 1 ? "" : "s"} against ${collection} ${version}\n`);
    for (const e of result.errors) out.stdout(`  ${e.path}: ${e.message}\n`);
    if (more) out.stdout(`  … and ${more} more\n`);
  }
  return result.valid ? 0 : 1;
}

function readRecord(file: string): unknown {
  let text: string;
  try {
    text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message}`, false);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new UsageError(`${file === "-" ? "standard input" : file} is not valid JSON: ${jsonErrorPosition(text, (e as Error).message)}`, false);
  }
}

/** Turns JSON.parse's "at position N" into a line and column a person can find. */
function jsonErrorPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  if (!m) return text.trim() === "" ? "the input is empty" : reason;
  const before = text.slice(0, Number(m[1]));
  const line = before.split("\n").length;
  const column = Number(m[1]) - before.lastIndexOf("\n");
  return `${reason} (line ${line}, column ${column})`;
}
