/**
 * Start-up: open the tracker (compiled forms, reference data, storage with its migrations
 * applied), record what was loaded, seed the embedded default. Everything expensive happens
 * here, once.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { type FormRegistry, todayInLondon } from "../engine/index.ts";
import { openTracker, rebuildLearningTexts, seedDemoCases, seedUsers, type Config } from "../ops/index.ts";
import { Visibility } from "./access.ts";
import type { ServerContext } from "./context.ts";
import { Dashboards } from "./dashboards.ts";

export interface ContextOptions {
  config: Config;
  /** Seed demo users and cases (the embedded default does; tests choose). */
  seed?: { users: boolean; demoCases: boolean };
  today?: () => string;
  /** Already compiled forms for config.formRoots (tests share one across a file). */
  registry?: FormRegistry;
}

export async function createServerContext(options: ContextOptions): Promise<ServerContext> {
  const { config } = options;
  const tracker = await openTracker(config, options.registry ? { registry: options.registry } : {});
  const { store, registry, reference } = tracker;
  const today = options.today ?? (() => todayInLondon());

  const seed = options.seed ?? { users: !config.production, demoCases: !config.production };
  if (seed.users) await seedUsers(store);
  if (seed.demoCases) await seedDemoCases(store, registry, today());
  // In the background, a short transaction at a time: requests are answered meanwhile.
  const stopRebuild = new AbortController();
  const done = rebuildLearningTexts(store, registry, { signal: stopRebuild.signal }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));

  return {
    store,
    registry,
    reference,
    visibility: new Visibility(reference),
    dashboards: new Dashboards(store, registry),
    production: config.production,
    sessionSecret: sessionSecret(config),
    sessionTtlSeconds: 8 * 60 * 60,
    today,
    learningIndex: { done, stop: () => stopRebuild.abort() },
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
