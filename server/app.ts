/** Builds the Fastify application from its plugins; main.ts listens, tests use inject or listen. */
import compress from "@fastify/compress";
import swagger from "@fastify/swagger";
import type { Server } from "node:http";
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from "fastify";
import type { ServerContext } from "./context.ts";
import { serviceContacts, type ServiceContacts } from "../ops/index.ts";
import requestLogging, { loggingOptions, type LoggerOption } from "./logging.ts";
import { apiPlugin } from "./plugins/api.ts";
import authPlugin from "./plugins/auth.ts";
import { registerDocs } from "./plugins/docs.ts";
import { REQUEST_AJV_OPTIONS } from "./plugins/envelope.ts";
import { frameworkErrors, registerErrorHandling } from "./plugins/errors.ts";
import { registerJsonBodies } from "./plugins/json-body.ts";
import limits, { DEFAULT_RATE_LIMITS, type RateLimits } from "./plugins/limits.ts";
import securityHeaders from "./plugins/security-headers.ts";
import { createPageServer, hasBuiltApp, webPlugin } from "./plugins/web.ts";

export interface AppOptions {
  logger?: LoggerOption;
  /** Which proxies to believe about the client's address (config TRUST_PROXY). */
  trustProxy?: boolean | number | string;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** The built renderer to serve; without it, only the API is served. */
  webDist?: string;
  /** Request limits; unset ones are DEFAULT_RATE_LIMITS (tests that sign in often raise them). */
  rateLimits?: Partial<RateLimits>;
  /** The service desk and feedback link the pages name (config SERVICE_DESK_EMAIL, FEEDBACK_URL); defaults when unset. */
  service?: ServiceContacts;
  /**
   * False: pages carry no bootstrap and no preload hints, as before issue 12 (the first-paint
   * benchmark's comparison, bench/editor-first-paint.ts). Default true.
   */
  pageBootstrap?: boolean;
}

export async function buildApp(context: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const serverOptions: FastifyHttpOptions<Server> = {
    ...loggingOptions(options.logger),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Behind a TLS-terminating proxy (TRUST_PROXY): the client's address (audit trail, rate
    // limits) and protocol come from the proxy's X-Forwarded-* headers; otherwise they are ignored.
    // A hop count is the same rule as a function (Fastify's types only name the function).
    trustProxy: typeof options.trustProxy === "number" ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
    // Fastify checks each request's envelope against api/'s schemas, and must not change what
    // it checks: a request is stored exactly as sent or refused. Record data is the engine's.
    ajv: { customOptions: REQUEST_AJV_OPTIONS },
    frameworkErrors,
  };
  const app = Fastify(serverOptions);
  // The API speaks JSON only: anything else is 415, not silently parsed as text.
  app.removeContentTypeParser("text/plain");
  registerJsonBodies(app);
  const web = options.webDist && hasBuiltApp(options.webDist) ? options.webDist : undefined;
  if (options.webDist && !web) app.log.warn(`No built web app in ${options.webDist}: serving the API only (npm run build)`);
  const servePage = web ? createPageServer(web, context, options.service ?? serviceContacts({}), options.pageBootstrap ?? true) : undefined;
  registerErrorHandling(app, servePage ? { servePage } : {});
  // First, so that every answer (errors and refusals by later hooks too) carries the headers.
  await app.register(securityHeaders, { production: context.production });
  // Before every route, as the limits attach to routes when they are added.
  await app.register(limits, { ...DEFAULT_RATE_LIMITS, ...options.rateLimits });
  // Pages, scripts and long lists travel compressed when the browser asks (gzip or brotli).
  await app.register(compress, { threshold: 1024 });

  await app.register(swagger, {
    openapi: {
      info: { title: "Safeguarding Case Review Tracker API", version: "1.0.0", description: "Record routes of the S-CRT and further collections. Sign in, then send the CSRF token as x-csrf-token on every POST or PUT." },
      tags: [
        { name: "auth", description: "Sign-in and sessions" },
        { name: "collections", description: "Compiled form definitions, validation and publish checks" },
        { name: "records", description: "Case records, their revisions and history" },
        { name: "audit", description: "The audit trail: who signed in, viewed, changed or extracted what (national users)" },
      ],
    },
  });

  // The learning library's rebuild (started with the context) stops before the database closes.
  void context.learningIndex.done.then((result) => {
    if (result instanceof Error) app.log.error({ err: result }, "rebuilding the learning library's texts failed");
    else for (const r of result) app.log.info(`learning library: texts of ${r.records} ${r.collection} records rebuilt in ${r.seconds.toFixed(1)} s`);
  });
  app.addHook("onClose", async () => {
    context.learningIndex.stop();
    await context.learningIndex.done;
  });

  await app.register(authPlugin, context);
  await app.register(requestLogging);
  await registerDocs(app, { production: context.production });
  await app.register((api) => apiPlugin(api, context), { prefix: "/api" });
  if (web && servePage) await webPlugin(app, { distDir: web, servePage });
  return app;
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
