/**
 * Request limits (@fastify/rate-limit), answered 429 with a JSON error and Retry-After:
 * - sign-in routes: few attempts per client address, against guessing names and flooding the
 *   identity provider; each route applies `signInRateLimit` as its route config;
 * - everything else: a generous allowance per signed-in user (per address before sign-in), so
 *   that one account or script cannot starve the others.
 * Counts are kept in this process's memory: a restart forgets them, and with several server
 * processes each counts on its own.
 */
import rateLimit, { normalizeIP, type RateLimitOptions } from "@fastify/rate-limit";
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

export interface RateLimits {
  /** Sign-in attempts per client address per window, on each sign-in route. */
  signInPerAddress: number;
  /** Requests per signed-in user (per client address before sign-in) per window. */
  perUser: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { signInPerAddress: 10, perUser: 600, windowMs: 60_000 };

declare module "fastify" {
  interface FastifyInstance {
    /** This app's limits, read by the route configs when a request is counted. */
    rateLimits: RateLimits;
  }
}

/** The refusal, for errors.ts to answer as `rate_limited`. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = "SCRT_RATE_LIMITED";
}

function addressKey(request: FastifyRequest): string {
  return `address:${normalizeIP(request.ip)}`;
}

/**
 * The route config of every sign-in route: `{ config: signInRateLimit }` (or spread it into a
 * config of its own). Counted by client address, as nobody is signed in yet, and per route: a
 * sign-in that goes to the identity provider and back counts once on each of its two routes.
 */
export const signInRateLimit: FastifyContextConfig = {
  rateLimit: {
    keyGenerator: addressKey,
    max: (request) => request.server.rateLimits.signInPerAddress,
    timeWindow: (request) => request.server.rateLimits.windowMs,
  },
};

async function limitsPlugin(app: FastifyInstance, limits: RateLimits): Promise<void> {
  app.decorate("rateLimits", limits);
  const options: RateLimitOptions & { global: boolean } = {
    global: true,
    // Numbers, not functions of the request: the plugin awaits a function on every request.
    max: limits.perUser,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => (request.user ? `user:${request.user.id}` : addressKey(request)),
    // The limit's hook is added to each route, and a route's own hooks run after the app's:
    // the auth plugin's onRequest has found the user by then, and no body has been read.
    hook: "onRequest",
    // In seconds, the unit of Retry-After, so that the message and the header agree.
    errorResponseBuilder: (_request, { ttl }) => {
      const seconds = Math.ceil(ttl / 1000);
      return new RateLimitedError(`Too many requests: try again in ${seconds} second${seconds === 1 ? "" : "s"}`);
    },
  };
  await app.register(rateLimit, options);
}

/** Register before any route: the limits attach to routes as they are added. */
export default fp(limitsPlugin, { name: "limits" });
