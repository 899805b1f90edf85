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
  /** The SQLite database file, inside dataDir (the embedded default, used when databaseUrl is null). */
  databaseFile: string;
  /**
   * DATABASE_URL: a postgres:// or postgresql:// URL selects PostgreSQL, which several tracker
   * instances can share; null, the embedded SQLite file.
   */
  databaseUrl: string | null;
  /** Where collections are found: SCRT_FORMS (a path list), else forms/ and examples/. */
  formRoots: string[];
  /** The organisation reference data (CSV files). */
  referenceDir: string;
  production: boolean;
  /** Signs session cookies; when unset (development only), a random secret is kept in dataDir. */
  sessionSecret: string | null;
  /** OpenID Connect sign-in; when set, the dev sign-in does not exist. */
  oidc: OidcConfig | null;
  /** A session ends after this long without a request (SESSION_IDLE_MINUTES, default 30). */
  sessionIdleSeconds: number;
  /** And after this long whatever the activity (SESSION_LIFETIME_HOURS, default 12). */
  sessionLifetimeSeconds: number;
  /** Unsaved answers (drafts) are kept this long after their last change (DRAFT_RETENTION_DAYS, default 30). */
  draftRetentionSeconds: number;
  /**
   * Which proxies to believe about the client's address and protocol (TRUST_PROXY: a hop
   * count, an address or subnet list, or "true"); false by default, so X-Forwarded-For is ignored.
   */
  trustProxy: boolean | number | string;
  /** The service desk and the feedback link on every page. */
  service: ServiceContacts;
  /**
   * Worker threads answering the heavy reads (lists, search, extracts) off the event loop
   * (SCRT_READ_WORKERS, default 2; 0 runs every read on the main thread).
   */
  readWorkers: number;
}

/** How people reach the team running the tracker (SERVICE_DESK_EMAIL, FEEDBACK_URL). */
export interface ServiceContacts {
  serviceDeskEmail: string;
  /** The phase banner's feedback link: https://, mailto: or a path on the tracker; by default an email to the service desk. */
  feedbackUrl: string;
}

export const DEFAULT_SERVICE_DESK_EMAIL = "england.scrt-servicedesk@nhs.net";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The tracker's public address: the redirect URI is `${publicUrl}/auth/oidc/callback`. */
  publicUrl: string;
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
    databaseUrl: databaseUrl(env.DATABASE_URL),
    formRoots: formRoots?.length ? formRoots : DEFAULT_FORM_ROOTS,
    referenceDir: env.SCRT_REFERENCE ? resolve(env.SCRT_REFERENCE) : DEFAULT_REFERENCE_DIR,
    production: !DEVELOPMENT_ENVIRONMENTS.has(env.NODE_ENV),
    sessionSecret: env.SESSION_SECRET && env.SESSION_SECRET.length >= 32 ? env.SESSION_SECRET : null,
    oidc: oidcConfig(env),
    sessionIdleSeconds: positiveNumber(env, "SESSION_IDLE_MINUTES", 30) * 60,
    sessionLifetimeSeconds: positiveNumber(env, "SESSION_LIFETIME_HOURS", 12) * 60 * 60,
    draftRetentionSeconds: positiveNumber(env, "DRAFT_RETENTION_DAYS", 30) * 24 * 60 * 60,
    trustProxy: trustProxy(env.TRUST_PROXY),
    service: serviceContacts(env),
    readWorkers: wholeNumber(env, "SCRT_READ_WORKERS", 2),
  };
}

export function serviceContacts(env: NodeJS.ProcessEnv): ServiceContacts {
  const serviceDeskEmail = env.SERVICE_DESK_EMAIL?.trim() || DEFAULT_SERVICE_DESK_EMAIL;
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(serviceDeskEmail)) throw new Error(`SERVICE_DESK_EMAIL must be an email address, not "${serviceDeskEmail}"`);
  const feedbackUrl = env.FEEDBACK_URL?.trim() || `mailto:${serviceDeskEmail}?subject=${encodeURIComponent("Feedback on the Safeguarding Case Review Tracker")}`;
  if (!/^(https:\/\/|mailto:|\/(?!\/))/.test(feedbackUrl)) throw new Error(`FEEDBACK_URL must start with https://, mailto: or / (a page of the tracker), not "${feedbackUrl}"`);
  return { serviceDeskEmail, feedbackUrl };
}

/**
 * What stops a production server from starting, each with what to set or run: production
 * signs in only through OpenID Connect and signs cookies with a secret the operator keeps.
 * (Demo users and dev sessions in the database are checked once it is open.)
 */
export function productionProblems(config: Config): string[] {
  if (!config.production) return [];
  const problems: string[] = [];
  if (!config.oidc) problems.push("OIDC_ISSUER is not set: production signs in only through OpenID Connect (set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and PUBLIC_URL).");
  if (!config.sessionSecret) problems.push("SESSION_SECRET is not set: set it to a random value of at least 32 characters (for example: openssl rand -base64 48).");
  return problems;
}

/**
 * What stops any server from starting on PostgreSQL: instances that share a database must sign
 * cookies with one secret, or a session made on one would not be honoured by another (the
 * embedded default keeps a generated secret in DATA_DIR, which instances do not share).
 */
export function sharedDatabaseProblems(config: Config): string[] {
  if (!config.databaseUrl || config.sessionSecret) return [];
  return ["SESSION_SECRET is not set: with DATABASE_URL (PostgreSQL) every instance must sign sessions with the same secret; set it to a random value of at least 32 characters (for example: openssl rand -base64 48)."];
}

const POSTGRES_PROTOCOLS = new Set(["postgres:", "postgresql:"]);

/**
 * A PostgreSQL URL, or null for the embedded database. The URL usually holds a password, so a
 * message about it shows only its scheme, never the URL itself.
 */
function databaseUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("DATABASE_URL must be a PostgreSQL address like postgres://user:password@host:5432/database (or unset, for the embedded SQLite database); the value set is not a URL");
  }
  if (!POSTGRES_PROTOCOLS.has(url.protocol)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (or be unset, for the embedded SQLite database), not ${url.protocol}//`);
  }
  if (!url.hostname && !url.searchParams.get("host")) throw new Error("DATABASE_URL must name the database server's host, as in postgres://user:password@host:5432/database");
  return value;
}

/** Where the data is, for messages and logs: the folder, or the PostgreSQL server and database without the password. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `data in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  const host = url.hostname || url.searchParams.get("host") || "localhost";
  const user = url.username ? `${decodeURIComponent(url.username)}@` : "";
  return `data in PostgreSQL ${user}${host}${url.port ? `:${url.port}` : ""}${url.pathname.length > 1 ? url.pathname : ""}`;
}

/**
 * Why a command that works on the embedded database's file cannot run, when the database is
 * PostgreSQL (null when it can); said like a usage error, naming what to use instead.
 */
export function embeddedOnly(config: Config, what: string, instead: string): string | null {
  if (!config.databaseUrl) return null;
  return `${what} works on the embedded SQLite database only, and DATABASE_URL selects PostgreSQL: ${instead}`;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** OIDC_* and PUBLIC_URL together, or none; an http:// issuer only on a loopback address. */
function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const missing = ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "PUBLIC_URL"].filter((name) => !env[name]?.trim());
  if (missing.length) throw new Error(`OIDC_ISSUER is set, so ${missing.join(", ")} must be set too`);
  checkUrl("OIDC_ISSUER", issuer);
  const publicUrl = env.PUBLIC_URL!.trim().replace(/\/+$/, "");
  checkUrl("PUBLIC_URL", publicUrl);
  return { issuer, clientId: env.OIDC_CLIENT_ID!.trim(), clientSecret: env.OIDC_CLIENT_SECRET!.trim(), publicUrl };
}

/** https, or http on loopback only (tests and local trials against a real provider without TLS). */
function checkUrl(name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an address like https://sso.example.nhs.uk, not "${value}"`);
  }
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return;
  throw new Error(`${name} must use https:// (http:// is allowed only on 127.0.0.1, ::1 or localhost), not "${value}"`);
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > 64) throw new Error(`${name} must be a whole number from 0 to 64, not "${raw}"`);
  return Number(raw);
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** A configuration for tests and tools: the defaults, with a given data folder and overrides. */
export function configFor(dataDir: string, overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "test" });
  // Reads in-process unless a test asks for workers: starting them costs each test a moment.
  return { ...base, port: 0, readWorkers: 0, ...overrides };
}
