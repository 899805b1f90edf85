import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDictionaryHtml, buildDictionaryMarkdown, buildTypeScript, buildValidatorModule } from "../engine/index.ts";
import { compiledVersions } from "./load-forms.ts";
import { UsageError, type Output } from "./output.ts";

/** Writes DIR/<version>/ for each compiled version: every artifact a consumer may want. */
export async function runCompile(args: string[], opts: { out?: string; version?: string }, out: Output): Promise<number> {
  const [collection] = args;
  if (!opts.out) throw new UsageError("forms compile needs --out DIR");
  let forms = compiledVersions(collection);
  if (opts.version) {
    forms = forms.filter((f) => f.version === opts.version);
    if (!forms.length) throw new UsageError(`unknown version "${opts.version}" of ${collection}`);
  }
  for (const form of forms) {
    const dir = join(opts.out, form.version);
    mkdirSync(dir, { recursive: true });
    const files: [string, string][] = [
      ["form.json", json(form)],
      ["schema.json", json(form.schema)],
      ["ui-schema.json", json(form.uiSchema)],
      ["validator.mjs", await buildValidatorModule(form.schema)],
      ["types.ts", await buildTypeScript(form)],
      ["dictionary.md", buildDictionaryMarkdown(form)],
      ["dictionary.html", buildDictionaryHtml(form)],
    ];
    for (const [name, text] of files) writeFileSync(join(dir, name), text.endsWith("\n") ? text : `${text}\n`);
    out.stdout(`${form.collection.id} ${form.version}: wrote ${files.map(([n]) => n).join(", ")} to ${dir}\n`);
  }
  return 0;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
