/**
 * Opens what the server and the data commands share, from one configuration: the compiled
 * forms and their migrations (the registry), the organisation reference data and the database (its schema
 * migrations applied). Expensive work happens here, once.
 */
import { mkdirSync } from "node:fs";
import { FormRegistry } from "../engine/index.ts";
import { loadReferenceData, type ReferenceData } from "../organisations/index.ts";
import { openSqliteStore, type Store } from "../storage/index.ts";
import type { Config } from "./config.ts";

export interface Tracker {
  store: Store;
  registry: FormRegistry;
  reference: ReferenceData;
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
  return { store, registry, reference, close: () => store.close() };
}
