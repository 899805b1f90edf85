/**
 * Start-up: open the tracker (compiled forms, reference data, storage with its migrations
 * applied), record what was loaded, seed the embedded default. Everything expensive happens
 * here, once.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { type FormRegistry, todayInLondon } from "../engine/index.ts";
import { describeListIndexes, openTracker, productionProblems, rebuildLearningTexts, seedDemoCases, seedUsers, sharedDatabaseProblems, type Config } from "../ops/index.ts";
import { Visibility } from "./access.ts";
import type { ServerContext } from "./context.ts";
import { Dashboards } from "./dashboards.ts";
import { DEFAULT_JOB_TIMINGS, type JobTimings } from "./jobs.ts";

export interface ContextOptions {
  config: Config;
  /** Seed demo users and cases (the embedded default does; tests choose). */
  seed?: { users: boolean; demoCases: boolean };
  today?: () => string;
  /** Already compiled forms for config.formRoots (tests share one across a file). */
  registry?: FormRegistry;
  /** Replace some of DEFAULT_JOB_TIMINGS (tests see every progress report). */
  jobTimings?: Partial<JobTimings>;
  /** Told what start-up changed in the database (the list indexes made or dropped). */
  report?: (line: string) => void;
}

/** Why a server will not start, with what to set or run; main.ts prints it without a stack. */
export class StartupRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`The tracker will not start in production (NODE_ENV=${process.env.NODE_ENV ?? ""}) until:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StartupRefused";
  }
}

export async function createServerContext(options: ContextOptions): Promise<ServerContext> {
  const { config } = options;
  const problems = productionProblems(config);
  if (problems.length) throw new StartupRefused(problems);
  const shared = sharedDatabaseProblems(config);
  if (shared.length) throw new Error(shared.join("\n"));
  const seed = options.seed ?? { users: !config.production, demoCases: !config.production };
  if (config.production && (seed.users || seed.demoCases)) throw new Error("demo users and cases are never seeded in production");
  const tracker = await openTracker(config, { ...(options.registry ? { registry: options.registry } : {}), ...(options.report ? { report: options.report } : {}) });
  const { store, registry, reference } = tracker;
  const listIndexes = describeListIndexes(tracker.listIndexes);
  if (listIndexes) options.report?.(listIndexes);
  const today = options.today ?? (() => todayInLondon());

  if (config.production) {
    const dev = await store.countDevAccess();
    if (dev.users || dev.sessions) {
      await store.close();
      throw new StartupRefused([
        `the database holds ${dev.users} demo user(s) and ${dev.sessions} dev session(s) from a development run: remove them with \`npm run scrt -- users remove-demo\` (records are kept)`,
      ]);
    }
  }

  // Expired drafts are never returned; this removes their contents from the database too.
  await store.purgeExpiredDrafts();
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
    signIn: config.oidc ? { method: "oidc", oidc: config.oidc } : { method: "dev" },
    sessionSecret: sessionSecret(config),
    sessions: { idleSeconds: config.sessionIdleSeconds, lifetimeSeconds: config.sessionLifetimeSeconds },
    drafts: { retentionSeconds: config.draftRetentionSeconds },
    jobs: { ...DEFAULT_JOB_TIMINGS, ...options.jobTimings },
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
