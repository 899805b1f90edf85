/** Shared by commands that need compiled forms of one collection: clear usage errors, never a stack trace. */
import { collectionDirsUnder, compileCollectionDir, type CompiledForm, DefinitionError, findCollection } from "../engine/index.ts";
import { loadConfig } from "../ops/index.ts";
import { basename } from "node:path";
import { UsageError } from "./output.ts";

export class DefinitionProblems extends Error {
  constructor(readonly inner: DefinitionError) {
    super(inner.message);
  }
}

export function compiledVersions(collection: string | undefined): CompiledForm[] {
  if (!collection) throw new UsageError("name a collection");
  const dir = findCollection(collection, loadConfig().formRoots);
  if (!dir) {
    const known = collectionDirsUnder(loadConfig().formRoots).map((d) => basename(d));
    throw new UsageError(`unknown collection "${collection}"; known collections: ${known.join(", ") || "none"}`, false);
  }
  try {
    return compileCollectionDir(dir);
  } catch (e) {
    if (e instanceof DefinitionError) throw new UsageError(`the definitions of "${collection}" have problems; run \`npm run scrt -- forms lint\`:\n${e.message}`, false);
    throw e;
  }
}

export function compiledVersion(collection: string | undefined, version: string | undefined): CompiledForm {
  const forms = compiledVersions(collection);
  if (!version) throw new UsageError("name a version");
  const form = forms.find((f) => f.version === version);
  if (!form) throw new UsageError(`unknown version "${version}" of ${collection}; versions: ${forms.map((f) => f.version).join(", ")}`, false);
  return form;
}
