/**
 * The data dictionary of a compiled form, in Markdown (for review in pull requests) and as a
 * standalone accessible HTML page (for the data standards team and ICBs).
 */
import { marked } from "marked";
import { describeCondition } from "../runtime/conditions.ts";
import type { CompiledForm, CompiledItem, CompiledRule } from "./compiled-form.ts";

const TYPE_NAMES: Record<string, string> = {
  short_text: "Short text",
  long_text: "Long text",
  date: "Date (YYYY-MM-DD)",
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  url: "Web address",
  repeating_group: "Repeating group",
};

const OP_NAMES: Record<string, string> = { before: "before", not_before: "not before", after: "after", not_after: "not after" };

export function buildDictionaryMarkdown(form: CompiledForm): string {
  const byKey = new Map(form.items.map((i) => [i.key, i]));
  const out: string[] = [];
  out.push(`# ${esc(form.title)}`, "");
  out.push(`| | |`, `| --- | --- |`);
  out.push(`| Collection | ${esc(form.collection.title)} (\`${form.collection.id}\`) |`);
  out.push(`| Version | ${form.version} (${form.status}) |`);
  out.push(`| Effective from | ${form.effectiveFrom} |`);
  if (form.supersedes) out.push(`| Supersedes | ${form.supersedes} |`);
  out.push(`| Records owned by | ${form.ownerOrganisationType.toUpperCase()} |`);
  out.push(`| Source hash | \`${form.sourceHash.slice(0, 16)}\` |`, "");
  if (form.collection.description) out.push(esc(form.collection.description), "");

  for (const section of form.sections) {
    out.push(`## ${esc(section.title)}`, "");
    if (section.description) out.push(esc(section.description), "");
    out.push("| Key | Label | Type | Required | Rules and notes |", "| --- | --- | --- | --- | --- |");
    for (const key of section.items) {
      const item = byKey.get(key);
      if (!item) continue;
      out.push(row(item, form));
      for (const sub of item.items ?? []) out.push(row(sub, form));
    }
    out.push("");
  }

  out.push("## Choice lists", "");
  for (const list of Object.values(form.choiceLists)) {
    out.push(`### ${esc(list.title)} (\`${list.name}\`)`, "", "| Code | Label |", "| --- | --- |");
    for (const c of list.choices) out.push(`| \`${c.code}\` | ${esc(c.label)}${c.retired ? " (retired)" : ""} |`);
    out.push("");
  }
  return out.join("\n");
}

function row(item: CompiledItem, form: CompiledForm): string {
  // Conditions read items of the same level: top-level items, or the same group entry's items.
  const group = item.path.includes(".") ? form.items.find((i) => i.key === item.path.split(".")[0]) : undefined;
  const scope = group?.items ?? form.items;
  const labelOf = (key: string) => scope.find((i) => i.key === key)?.label ?? key;
  const choiceLabel = (key: string, code: string) => {
    const list = scope.find((i) => i.key === key)?.choices;
    return form.choiceLists[list ?? ""]?.choices.find((c) => c.code === code)?.label ?? code;
  };
  const describe = (c: Parameters<typeof describeCondition>[0]) => describeCondition(c, labelOf, choiceLabel);
  const notes: string[] = [];
  if (item.hint) notes.push(item.hint);
  if (item.choices) notes.push(`choices: \`${item.choices}\``);
  if (item.maxLength && item.type !== "date") notes.push(`at most ${item.maxLength} characters`);
  if (item.minLength) notes.push(`at least ${item.minLength} characters`);
  if (item.pattern) notes.push(`pattern \`${item.pattern}\``);
  if (item.schemes) notes.push(`${item.schemes.join(" or ")} only`);
  if (item.type === "multiple_choice") notes.push("no repeats");
  if (item.default) notes.push(`default ${item.default}`);
  if (item.shownWhen) notes.push(`shown when ${describe(item.shownWhen)}`);
  if (item.forbiddenWhen) notes.push(`must be empty when ${describe(item.forbiddenWhen)}`);
  if (item.unique) notes.push(`unique within the ${item.unique.within === "owner" ? "owning organisation" : "collection"}${item.unique.ignoreCase ? " (ignoring case)" : ""}`);
  for (const rule of form.rules.filter((r) => r.item === item.path)) notes.push(ruleText(rule, form));
  if (item.writers.join() !== "editor") notes.push(`written by: ${item.writers.join(", ")}`);
  const required = item.required ? "yes" : item.requiredWhen ? `when ${describe(item.requiredWhen)}` : "no";
  const key = item.path.includes(".") ? `↳ \`${item.path}\`` : `\`${item.key}\``;
  return `| ${key} | ${esc(item.label)} | ${TYPE_NAMES[item.type]} | ${esc(required)} | ${esc(notes.join("; "))} |`;
}

function ruleText(rule: CompiledRule, form: CompiledForm): string {
  const target = rule.target === "today" ? "today" : `\`${rule.target}\` (${form.items.find((i) => i.path === rule.target)?.label ?? rule.target})`;
  return `${OP_NAMES[rule.op]} ${target}`;
}

function esc(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function buildDictionaryHtml(form: CompiledForm): string {
  const body = marked.parse(buildDictionaryMarkdown(form), { async: false, gfm: true });
  const title = form.title.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}: data dictionary</title>
<style>
body { font-family: Arial, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #212b32; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #d8dde0; padding: 0.5rem; text-align: left; vertical-align: top; }
code { background: #f0f4f5; padding: 0 0.2rem; }
</style>
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
}
