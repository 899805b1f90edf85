import { basename } from "node:path";
import { collectionDirsUnder, DefinitionError, findCollection, publishVersion, relockVersion, retireVersion } from "../engine/index.ts";
import { loadConfig } from "../ops/index.ts";
import { UsageError, type Output } from "./output.ts";

const ACTIONS = { publish: publishVersion, retire: retireVersion, relock: relockVersion };

/** `forms publish`, `forms retire` and `forms relock`: exit 0 done, 1 refused (with the reasons), 2 unusable input. */
export function runLifecycle(action: keyof typeof ACTIONS, args: string[], out: Output): number {
  const [collection, version] = args;
  if (!collection || !version) throw new UsageError(`forms ${action} needs <collection> <version>`);
  const dir = findCollection(collection, loadConfig().formRoots);
  if (!dir) {
    throw new UsageError(`unknown collection "${collection}"; known collections: ${collectionDirsUnder(loadConfig().formRoots).map((d) => basename(d)).join(", ")}`, false);
  }
  try {
    const result = ACTIONS[action](dir, version);
    if (result.ok) {
      out.stdout(`${collection}: ${result.message}.\n`);
      return 0;
    }
    out.stderr(`${collection}: cannot ${action} ${version}: ${result.message}\n`);
    return 1;
  } catch (e) {
    if (e instanceof DefinitionError) {
      out.stderr(`${collection}: the definitions have problems; fix them first (npm run scrt -- forms lint):\n${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
