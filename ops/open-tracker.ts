/**
 * Opens what the server and the data commands share, from one configuration: the compiled
 * forms and their migrations (the registry), the organisation reference data and the database (its schema
 * migrations applied, its unique-value keys in the current format). Expensive work happens here, once.
 */
import { mkdirSync } from "node:fs";
import { FormRegistry } from "../engine/index.ts";
import { loadReferenceData, type ReferenceData } from "../organisations/index.ts";
import { openSqliteStore, type Store, type UniqueRekeyReport } from "../storage/index.ts";
import type { Config } from "./config.ts";
import { upgradeUniqueKeys } from "./unique.ts";

export interface Tracker {
  store: Store;
  registry: FormRegistry;
  reference: ReferenceData;
  /** What bringing the unique-value keys to the current format did, when it was needed at this opening. */
  uniqueKeys?: UniqueRekeyReport;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Already compiled forms (tests share one registry across a file). */
  registry?: FormRegistry;
}

export async function openTracker(config: Config, options: OpenOptions = {}): Promise<Tracker> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const registry = options.registry ?? (await FormRegistry.load(config.formRoots));
  const reference = loadReferenceData(config.referenceDir);
  const store = await openSqliteStore({ file: config.databaseFile });
  try {
    const uniqueKeys = await upgradeUniqueKeys(store, registry);
    return { store, registry, reference, ...(uniqueKeys ? { uniqueKeys } : {}), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
