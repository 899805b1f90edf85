/** The server's front door: build the app from a context, or start the whole server (npm start, scrt serve). */
export { buildApp, type AppOptions } from "./app.ts";
export { DEFAULT_RATE_LIMITS, signInRateLimit, type RateLimits } from "./plugins/limits.ts";
export { createServerContext, StartupRefused, type ContextOptions } from "./context-factory.ts";
export type { ServerContext } from "./context.ts";
export { DEFAULT_JOB_TIMINGS, type JobTimings } from "./jobs.ts";
export { serve, start } from "./main.ts";
export { buildRenderer, RENDERER_DIST } from "./build-renderer.ts";
