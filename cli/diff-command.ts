import { diffForms, formatChanges } from "../engine/index.ts";
import { compiledVersion } from "./load-forms.ts";
import { UsageError, type Output } from "./output.ts";

export function runDiff(args: string[], opts: { json?: boolean }, out: Output): number {
  const [collection, from, to] = args;
  if (!collection || !from || !to) throw new UsageError("forms diff needs <collection> <from> <to>");
  const a = compiledVersion(collection, from);
  const b = compiledVersion(collection, to);
  const changes = diffForms(a, b);
  if (opts.json) out.stdout(`${JSON.stringify({ collection, from, to, changes }, null, 2)}\n`);
  else out.stdout(`${collection} ${from} → ${to}\n\n${formatChanges(changes)}`);
  return 0;
}
