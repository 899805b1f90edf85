/**
 * Start-up: compile the forms, load reference data, open storage (migrations applied), seed
 * the embedded default. Everything expensive happens here, once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { DEFAULT_FORM_ROOTS, FormRegistry, PROJECT_ROOT, todayInLondon } from "../engine/index.ts";
import { loadReferenceData } from "../engine/reference/organisations.ts";
import { openSqliteStore } from "../storage/sqlite-store.ts";
import { Visibility } from "./access.ts";
import type { Config } from "./config.ts";
import type { ServerContext } from "./context.ts";
import { seedDemoCases, seedUsers } from "./seed.ts";

export interface ContextOptions {
  config: Config;
  /** Seed demo users and cases (the embedded default does; tests choose). */
  seed?: { users: boolean; demoCases: boolean };
  today?: () => string;
  registry?: FormRegistry;
  formRoots?: string[];
}

export async function createServerContext(options: ContextOptions): Promise<ServerContext> {
  const { config } = options;
  mkdirSync(config.dataDir, { recursive: true });
  const formRoots = options.formRoots ?? DEFAULT_FORM_ROOTS;
  const registry = options.registry ?? (await FormRegistry.load(formRoots));
  const reference = loadReferenceData(join(PROJECT_ROOT, "forms/reference/organisations"));
  const store = await openSqliteStore({ file: join(config.dataDir, "tracker.sqlite") });
  const today = options.today ?? (() => todayInLondon());

  await store.replaceOrganisations(
    reference.list().map((o) => ({
      code: o.code,
      type: o.type,
      name: o.name,
      openDate: o.openDate,
      closeDate: o.closeDate,
      successors: [...new Set(reference.successorsOf(o.code, o.type).map((s) => s.successorCode))],
    })),
  );
  await store.recordCollectionVersions(
    registry.collections().flatMap((c) => registry.versions(c).map(({ form }) => ({ collection: c, version: form.version, status: form.status, sourceHash: form.sourceHash }))),
  );
  const seed = options.seed ?? { users: !config.production, demoCases: !config.production };
  if (seed.users) await seedUsers(store);
  if (seed.demoCases) await seedDemoCases(store, registry, today());

  return {
    store,
    registry,
    reference,
    visibility: new Visibility(reference),
    production: config.production,
    sessionSecret: sessionSecret(config),
    sessionTtlSeconds: 8 * 60 * 60,
    today,
  };
}

/** SESSION_SECRET, or a random secret kept in DATA_DIR so that sessions survive a restart. */
function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = join(config.dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
