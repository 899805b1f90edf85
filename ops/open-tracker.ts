/**
 * Opens what the server and the data commands share, from one configuration: the compiled
 * forms and their migrations (the registry), the organisation reference data and the database (its schema
 * migrations applied, its unique-value keys in the current format). Expensive work happens here, once.
 */
import { mkdirSync } from "node:fs";
import { FormRegistry } from "../engine/index.ts";
import { loadReferenceData, type ReferenceData } from "../organisations/index.ts";
import { openStore, type ListIndexReport, type Store, type UniqueRekeyReport } from "../storage/index.ts";
import { keepHeapTightForBatchWork } from "./batch-heap.ts";
import { describeDatabase, type Config } from "./config.ts";
import { listIndexProgressLines, prepareListIndexes } from "./list-indexes.ts";
import { upgradeUniqueKeys } from "./unique.ts";

/**
 * The embedded database's page cache for a data command (import, migrate, check-data, ...).
 * Importing and migrating 100,000 legacy records took 10-20% less time with 32 MiB than with the
 * driver's 16 MiB (3 interleaved pairs), for about 20 MiB more memory; the command's process is
 * its own, so the server's memory is untouched.
 */
export const DATA_COMMAND_PAGE_CACHE_MIB = 32;

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
  /** Told how far a long list index step has gone (listIndexProgressLines). */
  report?: (line: string) => void;
  /**
   * Opens the embedded database as a data command's bulk writer: the bigger page cache
   * (DATA_COMMAND_PAGE_CACHE_MIB), and pauses between its transactions while a server writes to
   * the same file (SqliteStoreOptions.yieldToOtherWriters). PostgreSQL has its own. The process
   * is then taken to be a data command, and its heap is kept tight (batch-heap.ts).
   */
  bulkWriter?: boolean;
}

export async function openTracker(config: Config, options: OpenOptions = {}): Promise<Tracker> {
  if (options.bulkWriter) keepHeapTightForBatchWork();
  const registry = options.registry ?? (await FormRegistry.load(config.formRoots));
  const reference = loadReferenceData(config.referenceDir);
  const store = await openConfiguredStore(config, { bulkWriter: options.bulkWriter ?? false, ...(options.report ? { report: options.report } : {}) });
  try {
    const uniqueKeys = await upgradeUniqueKeys(store, registry);
    // Before anything reads or writes records: lists use the indexes, writes fill the side tables.
    const listIndexes = await prepareListIndexes(store, registry, options.report ? listIndexProgressLines(options.report) : undefined);
    return { store, registry, reference, ...(uniqueKeys ? { uniqueKeys } : {}), listIndexes, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set, else the embedded
 * SQLite file in DATA_DIR. A PostgreSQL server that cannot be reached or refuses the account
 * stops the start with the reason, never a fallback to another database.
 */
export async function openConfiguredStore(config: Config, options: { bulkWriter?: boolean; report?: (line: string) => void } = {}): Promise<Store> {
  // DATA_DIR holds the SQLite file, or (on PostgreSQL) the generated files a development run keeps.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // Checkpoints stay off the committing thread (the server's event loop, a command's writes).
  const bulk = options.bulkWriter ? { pageCacheMiB: DATA_COMMAND_PAGE_CACHE_MIB, yieldToOtherWriters: true } : {};
  const report = options.report;
  const notice = report ? { onMigrations: (tags: string[]) => report(migrationsLine(tags)) } : {};
  if (!config.databaseUrl) return openStore({ file: config.databaseFile, readWorkers: config.readWorkers, backgroundCheckpoints: true, ...bulk, ...notice });
  try {
    return await openStore({ url: config.databaseUrl, ...notice });
  } catch (error) {
    // node-postgres's messages name the host, user or database, never the password.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not open the database (${describeDatabase(config).replace(/^data in /, "")}): ${reason}`, { cause: error });
  }
}

/** What opening says before it brings an existing database's schema up to this version. */
export function migrationsLine(tags: string[]): string {
  return `Bringing the database up to this version (${tags.length === 1 ? "migration" : "migrations"} ${tags.join(", ")}): on a large database this can take some minutes, and anything else opening it waits.`;
}
