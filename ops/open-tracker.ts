/**
 * Opens what the server and the data commands share, from one configuration: the compiled
 * forms and their migrations (the registry), the organisation reference data and the database (its schema
 * migrations applied, its unique-value keys in the current format). Expensive work happens here, once.
 */
import { mkdirSync } from "node:fs";
import { FormRegistry } from "../engine/index.ts";
import { loadReferenceData, type ReferenceData } from "../organisations/index.ts";
import { openSqliteStore, type ListIndexReport, type Store, type UniqueRekeyReport } from "../storage/index.ts";
import type { Config } from "./config.ts";
import { prepareListIndexes } from "./list-indexes.ts";
import { upgradeUniqueKeys } from "./unique.ts";

export interface Tracker {
  store: Store;
  registry: FormRegistry;
  reference: ReferenceData;
  /** What bringing the unique-value keys to the current format did, when it was needed at this opening. */
  uniqueKeys?: UniqueRekeyReport;
  /** What the list index step made, dropped and refilled at this opening (describeListIndexes). */
  listIndexes: ListIndexReport;
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
  const store = await openSqliteStore({ file: config.databaseFile, readWorkers: config.readWorkers });
  try {
    const uniqueKeys = await upgradeUniqueKeys(store, registry);
    // Before anything reads or writes records: lists use the indexes, writes fill the side tables.
    const listIndexes = await prepareListIndexes(store, registry);
    return { store, registry, reference, ...(uniqueKeys ? { uniqueKeys } : {}), listIndexes, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
