/** Compiles a checked migration definition into the JSON the runtime applies. */
import { createHash } from "node:crypto";
import type { CompiledForm } from "../compile/compiled-form.ts";
import type { MigrationDefinition } from "../language/types.ts";
import type { Loaded } from "../load/load-collection.ts";
import type { CompiledMigration, CompiledStep } from "./compiled-migration.ts";

export function compileMigration(migration: Loaded<MigrationDefinition>, to: CompiledForm): CompiledMigration {
  const def = migration.definition;
  const steps: CompiledStep[] = def.steps.map((s) => {
    if ("rename" in s) return { op: "rename", ...s.rename };
    if ("copy" in s) return { op: "copy", ...s.copy };
    if ("split" in s) return { op: "split", from: s.split.from, to: s.split.to, keepIn: s.split.keep_in, flag: s.split.flag };
    if ("map_codes" in s) return { op: "map_codes", ...s.map_codes };
    if ("default" in s) return { op: "default", ...s.default };
    if ("archive" in s) return { op: "archive", item: s.archive.item, reason: s.archive.reason ?? `no item in version ${def.to}` };
    if ("flag" in s) return { op: "flag", ...(s.flag.when ? { when: s.flag.when } : {}), reason: s.flag.reason };
    return { op: "accept_incomplete", items: s.accept_incomplete.items, reason: s.accept_incomplete.reason };
  });
  return {
    collection: def.collection,
    from: def.from,
    to: def.to,
    ...(def.description ? { description: def.description } : {}),
    ...(def.owner ? { owner: { resolveTo: def.owner.resolve_to, ...(def.owner.note ? { note: def.owner.note } : {}) } } : {}),
    steps,
    targetItems: to.items.map((i) => i.key),
    sourceHash: createHash("sha256").update(migration.source.text).digest("hex"),
  };
}
