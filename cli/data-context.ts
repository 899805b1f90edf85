/**
 * What the commands that touch stored data need: the same DATA_DIR, compiled forms, reference
 * data and storage as the server, and a user to record as the author of their revisions.
 */
import { join } from "node:path";
import { compileCollectionAndMigrations, type CompiledMigration, findCollection, FormRegistry, PROJECT_ROOT } from "../engine/index.ts";
import { loadReferenceData, type ReferenceData } from "../organisations/index.ts";
import { configFromEnv } from "../server/config.ts";
import { NHS_ENGLAND } from "../server/seed.ts";
import { openSqliteStore } from "../storage/sqlite-store.ts";
import type { Store, User } from "../storage/types.ts";
import { UsageError } from "./output.ts";
import { formRoots } from "./roots.ts";

export interface DataContext {
  store: Store;
  registry: FormRegistry;
  reference: ReferenceData;
  migrations: CompiledMigration[];
  /** The author of revisions made by commands ("Data migration", NHS England). */
  user: User;
  close(): Promise<void>;
}

export async function openDataContext(collection: string): Promise<DataContext> {
  const dir = findCollection(collection, formRoots());
  if (!dir) throw new UsageError(`unknown collection "${collection}"`, false);
  const { migrations } = compileCollectionAndMigrations(dir);
  const registry = await FormRegistry.load(formRoots());
  const reference = loadReferenceData(join(PROJECT_ROOT, "forms/reference/organisations"));
  const store = await openSqliteStore({ file: join(configFromEnv().dataDir, "tracker.sqlite") });
  const user = await store.ensureUser({ username: "system.data", displayName: "Data migration (NHS England)", role: "national", orgCode: NHS_ENGLAND });
  return { store, registry, reference, migrations, user, close: () => store.close() };
}
