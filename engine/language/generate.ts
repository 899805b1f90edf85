/**
 * `npm run generate:language`: rewrites what is derived from the language's schemas, the
 * TypeScript types (generated-types.ts), the editors' JSON Schemas (forms/schema/) and the key
 * tables of forms/README.md. With `--check` it writes nothing and exits 1 when any is out of
 * date.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../forms.ts";
import { buildEditorSchemas } from "./editor-schemas.ts";
import { buildLanguageTypes, GENERATED_TYPES_FILE } from "./generate-types.ts";
import { README_FILE, updateReadme } from "./readme-tables.ts";

const check = process.argv.includes("--check");
const stale: string[] = [];

const write = (file: string, text: string) => {
  const path = join(PROJECT_ROOT, file);
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  stale.push(file);
  if (check) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

write(GENERATED_TYPES_FILE, await buildLanguageTypes());
for (const [file, text] of buildEditorSchemas()) write(file, text);

const readme = updateReadme(readFileSync(join(PROJECT_ROOT, README_FILE), "utf8"));
for (const name of readme.missing) console.error(`${README_FILE}: no <!-- generated:${name} --> ... <!-- /generated --> markers; add them where the table belongs`);
for (const name of readme.unknown) console.error(`${README_FILE}: <!-- generated:${name} --> names no table`);
write(README_FILE, readme.text);

if (check) {
  for (const file of stale) console.error(`${file} is out of date: run npm run generate:language`);
  process.exitCode = stale.length || readme.missing.length || readme.unknown.length ? 1 : 0;
} else {
  console.log(stale.length ? `wrote ${stale.join(", ")}` : "up to date");
  if (readme.missing.length || readme.unknown.length) process.exitCode = 1;
}
