/**
 * The one configuration loader: the server and every CLI command read the same environment
 * variables with the same defaults (see README), so they always find the same definitions,
 * reference data and database.
 */
import { delimiter, join, resolve } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";

export interface Config {
  port: number;
  host: string;
  /** Holds the database and anything else the tracker keeps (the generated session secret). */
  dataDir: string;
  /** The SQLite database file, inside dataDir. */
  databaseFile: string;
  /** Where collections are found: SCRT_FORMS (a path list), else forms/ and examples/. */
  formRoots: string[];
  /** The organisation reference data (CSV files). */
  referenceDir: string;
  production: boolean;
  /** Signs session cookies; when unset, a random secret is kept in dataDir. */
  sessionSecret: string | null;
}

export const DEFAULT_FORM_ROOTS = [join(PROJECT_ROOT, "forms"), join(PROJECT_ROOT, "examples")];
export const DEFAULT_REFERENCE_DIR = join(PROJECT_ROOT, "forms/reference/organisations");
export const DATABASE_FILE_NAME = "tracker.sqlite";

/** Only these NODE_ENV values mean "not production": anything else (a typo included) fails closed. */
const DEVELOPMENT_ENVIRONMENTS = new Set([undefined, "", "development", "test"]);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  if (env.SESSION_SECRET !== undefined && env.SESSION_SECRET.length < 32) throw new Error("SESSION_SECRET must be at least 32 characters");
  const dataDir = resolve(env.DATA_DIR ?? "./data");
  const formRoots = env.SCRT_FORMS?.split(delimiter).filter(Boolean).map((p) => resolve(p));
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir,
    databaseFile: join(dataDir, DATABASE_FILE_NAME),
    formRoots: formRoots?.length ? formRoots : DEFAULT_FORM_ROOTS,
    referenceDir: env.SCRT_REFERENCE ? resolve(env.SCRT_REFERENCE) : DEFAULT_REFERENCE_DIR,
    production: !DEVELOPMENT_ENVIRONMENTS.has(env.NODE_ENV),
    sessionSecret: env.SESSION_SECRET && env.SESSION_SECRET.length >= 32 ? env.SESSION_SECRET : null,
  };
}

/** A configuration for tests and tools: the defaults, with a given data folder and overrides. */
export function configFor(dataDir: string, overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "test" });
  return { ...base, port: 0, ...overrides };
}
