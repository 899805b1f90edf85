/**
 * A real tracker for tests: the real Fastify app over a real SQLite file in a temporary
 * folder, with the real compiled forms and reference data. Requests go through inject.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { FormRegistry } from "../../engine/index.ts";
import { buildApp, createServerContext, type AppOptions, type JobTimings, type RateLimits, type ServerContext } from "../../server/index.ts";
import { configFor, type Config, type OidcConfig } from "../../ops/index.ts";

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
  const config = configFor(dataDir, {
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
    async destroy() {
      await stop();
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
