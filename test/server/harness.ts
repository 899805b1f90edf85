/**
 * A real tracker for tests: the real Fastify app over a real SQLite file in a temporary
 * folder (or, in the vitest project "postgres", a fresh PostgreSQL database of its own), with
 * the real compiled forms and reference data. Requests go through inject.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { FormRegistry } from "../../engine/index.ts";
import { buildApp, createServerContext, type AppOptions, type JobTimings, type RateLimits, type ServerContext } from "../../server/index.ts";
import { configFor, type Config, type OidcConfig } from "../../ops/index.ts";
import { postgresPlace, rawSqlite, type StorePlace } from "../../storage/test-stores.ts";

/**
 * The database the trackers of this run use: SQLite files (the default), or with
 * SCRT_TEST_STORE=postgres (set by the vitest project "postgres") a PostgreSQL database per
 * tracker, copied from a migrated template on the server TEST_POSTGRES_URL names.
 */
export const TEST_DIALECT: "sqlite" | "postgres" = process.env["SCRT_TEST_STORE"] === "postgres" ? "postgres" : "sqlite";
/** Instances on one PostgreSQL database must share a session secret (the server refuses to start without one). */
const TEST_SESSION_SECRET = "test-secret-".repeat(4);

// A tracker started again on the same data folder opens the same database, as on SQLite.
const databases = new Map<string, StorePlace>();

async function databaseOf(dataDir: string): Promise<StorePlace | null> {
  if (TEST_DIALECT === "sqlite") return null;
  const adminUrl = process.env["TEST_POSTGRES_URL"];
  if (!adminUrl) throw new Error("SCRT_TEST_STORE=postgres needs TEST_POSTGRES_URL (an admin URL of a PostgreSQL server; see test/pg/ensure-postgres.sh)");
  let place = databases.get(dataDir);
  if (!place) {
    place = await postgresPlace(adminUrl);
    databases.set(dataDir, place);
  }
  return place;
}

/**
 * The configuration a test tracker on `dataDir` runs with: configFor's, pointed at this run's
 * database (for tests that open the tracker without startTracker, as the CLI would).
 */
export async function testConfig(dataDir: string, overrides: Partial<Config> = {}): Promise<Config> {
  const place = await databaseOf(dataDir);
  return configFor(dataDir, { ...(place ? { databaseUrl: place.location, sessionSecret: TEST_SESSION_SECRET } : {}), ...overrides });
}

/**
 * Drops every database this test file made and has not dropped yet (a tracker only stopped, a
 * test that failed half-way): test/server/pg-setup.ts runs it after each file.
 */
export async function dropTestDatabases(): Promise<void> {
  for (const dataDir of [...databases.keys()]) await dropTestDatabase(dataDir);
}

/** Drops the database a data folder's trackers used (PostgreSQL; SQLite's goes with the folder). */
export async function dropTestDatabase(dataDir: string): Promise<void> {
  const place = databases.get(dataDir);
  databases.delete(dataDir);
  await place?.drop();
}

let registry: Promise<FormRegistry> | undefined;
/** Compiling forms is the slow part of start-up: share one registry across a test file. */
export function sharedRegistry(): Promise<FormRegistry> {
  registry ??= FormRegistry.load(configFor(tmpdir()).formRoots);
  return registry;
}

export interface Tracker {
  app: FastifyInstance;
  context: ServerContext;
  dataDir: string;
  dialect: typeof TEST_DIALECT;
  /** The PostgreSQL database's URL, or null on SQLite (the file is configFor(dataDir).databaseFile). */
  databaseUrl: string | null;
  /**
   * Runs SQL straight on the tracker's database, outside the store (tests that read rows or try
   * to change what the database must refuse). Parameters are written `$1, $2`, for both.
   */
  raw<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  signIn(username: string): Promise<Client>;
  anonymous(): Client;
  /** Stops the server and closes the database, keeping the files. */
  stop(): Promise<void>;
  /** Stops and deletes the data folder. */
  destroy(): Promise<void>;
}

export interface Client {
  csrfToken: string;
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/**
 * Tests sign in and call the API far more often than people do, all from one address: limits
 * high enough never to be reached, unless a test sets its own.
 */
export const TEST_RATE_LIMITS: RateLimits = { signInPerAddress: 100_000, perUser: 1_000_000, windowMs: 60_000 };

export interface StartOptions {
  dataDir?: string;
  today?: string;
  production?: boolean;
  demoCases?: boolean;
  bodyLimit?: number;
  /** Load the definitions from these folders instead of forms/ and examples/. */
  formRoots?: string[];
  /** OpenID Connect settings (production needs them; by default an issuer nobody listens on). */
  oidc?: OidcConfig;
  /** Configuration to change (session times, ...). */
  config?: Partial<Config>;
  /** Job timings (default: progress written at every report). */
  jobTimings?: Partial<JobTimings>;
  /** Replace some of TEST_RATE_LIMITS. */
  rateLimits?: Partial<RateLimits>;
  logger?: AppOptions["logger"];
  trustProxy?: AppOptions["trustProxy"];
}

/** What production needs to start: an identity provider (here one that is never reached) and a session secret. */
export const UNREACHED_OIDC: OidcConfig = { issuer: "http://127.0.0.1:9/", clientId: "scrt", clientSecret: "secret", publicUrl: "http://127.0.0.1:3000" };

export async function startTracker(options: StartOptions = {}): Promise<Tracker> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "scrt-server-"));
  const production = options.production ?? false;
  const config = await testConfig(dataDir, {
    production,
    ...(options.formRoots ? { formRoots: options.formRoots } : {}),
    ...(production ? { oidc: UNREACHED_OIDC, sessionSecret: "test-secret-".repeat(4) } : {}),
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...options.config,
  });
  const context = await createServerContext({
    config,
    registry: options.formRoots ? await FormRegistry.load(options.formRoots) : await sharedRegistry(),
    seed: { users: !production, demoCases: !production && (options.demoCases ?? false) },
    today: () => options.today ?? "2026-11-21",
    // Every progress report written, so a test's polls see a short job's progress as it goes.
    jobTimings: { progressMs: 0, ...options.jobTimings },
  });
  const app = await buildApp(context, {
    rateLimits: { ...TEST_RATE_LIMITS, ...options.rateLimits },
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  await app.ready();

  const client = (cookie: string, csrfToken: string): Client => {
    const headers = (extra: Record<string, string> = {}) => ({ ...(cookie ? { cookie } : {}), ...(csrfToken ? { "x-csrf-token": csrfToken } : {}), ...extra });
    return {
      cookie,
      csrfToken,
      get: (url, extra) => app.inject({ method: "GET", url, headers: headers(extra) }),
      post: (url, body, extra) => app.inject({ method: "POST", url, headers: headers(extra), ...(body === undefined ? {} : typeof body === "string" ? { payload: body } : { payload: body as object }) }),
      put: (url, body, extra) => app.inject({ method: "PUT", url, headers: headers(extra), ...(typeof body === "string" ? { payload: body } : { payload: body as object }) }),
    };
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await context.store.close();
  };
  return {
    app,
    context,
    dataDir,
    async signIn(username) {
      const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name === "scrt_session");
      if (!set) throw new Error("no session cookie");
      return client(`scrt_session=${set.value}`, (res.json() as { csrfToken: string }).csrfToken);
    },
    anonymous: () => client("", ""),
    stop,
    dialect: TEST_DIALECT,
    databaseUrl: config.databaseUrl,
    async raw<Row>(sql: string, params: unknown[] = []) {
      const place = databases.get(dataDir);
      return place ? place.raw<Row>(sql, params) : rawSqlite<Row>(config.databaseFile, sql, params);
    },
    async destroy() {
      await stop();
      await dropTestDatabase(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid S-CRT 2.0 case (as of 2026-11-21), with a given identifier. */
export function validCase(id = "2026/00001", overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: "open",
    date_added: "2026-10-01",
    designated_professional: "Designated Nurse, Safeguarding Adults",
    designated_professional_initials: "AB",
    safeguarding_partnership: "Example Safeguarding Adults Board",
    steis_or_local_id: id,
    review_type: "dhr",
    incident_date: "2026-09-12",
    brief_overview: "Fictional case for tests: adult with care and support needs.",
    themes: ["domestic"],
    media_interest: "no",
    ...overrides,
  };
}

export const RECORDS = "/api/collections/s-crt/records";
