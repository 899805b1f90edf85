/** What the plugins share: built once at start-up, passed explicitly (no globals). */
import type { FormRegistry } from "../engine/index.ts";
import type { ReferenceData } from "../organisations/index.ts";
import type { OidcConfig, TextsRebuilt } from "../ops/index.ts";
import type { Store } from "../storage/index.ts";
import type { Visibility } from "./access.ts";
import type { Dashboards } from "./dashboards.ts";
import type { JobTimings } from "./jobs.ts";

export interface ServerContext {
  readonly store: Store;
  /**
   * The forms and migrations compiled at start-up. Never replaced: a new version reaches the
   * server by changing the definition files (forms publish), review and a deploy.
   */
  readonly registry: FormRegistry;
  reference: ReferenceData;
  visibility: Visibility;
  /** The dashboard's facts per collection, read from the revisions and kept up to date. */
  dashboards: Dashboards;
  /** True in production: dev sign-in is not even registered, cookies are Secure. */
  production: boolean;
  /**
   * The one way to sign in this server offers: OpenID Connect when configured, else (never in
   * production) the dev sign-in. A session made by another method is not honoured.
   */
  signIn: SignInSettings;
  sessionSecret: string;
  sessions: SessionTimes;
  /** How long an author's unsaved answers are kept after their last change. */
  drafts: { retentionSeconds: number };
  /** How often a running job writes its progress and heartbeat, and when one is taken as lost (server/jobs.ts). */
  jobs: JobTimings;
  /** Today's date for rules and organisation checks (Europe/London); tests may fix it. */
  today(): string;
  /**
   * The learning library's texts being rebuilt in the background after start-up (for records
   * stored before the index, or under other learning items): what was rebuilt, or why it failed.
   */
  readonly learningIndex: { done: Promise<TextsRebuilt[] | Error>; stop(): void };
}

export type SignInSettings = { method: "dev" } | { method: "oidc"; oidc: OidcConfig };

export interface SessionTimes {
  /** A session ends after this long without a request. */
  idleSeconds: number;
  /** And this long after sign-in, whatever the activity. */
  lifetimeSeconds: number;
}
