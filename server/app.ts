/** Builds the Fastify application from its plugins; main.ts listens, tests use inject or listen. */
import compress from "@fastify/compress";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import type { ServerContext } from "./context.ts";
import { apiPlugin } from "./plugins/api.ts";
import authPlugin from "./plugins/auth.ts";
import { REQUEST_AJV_OPTIONS } from "./plugins/envelope.ts";
import { frameworkErrors, registerErrorHandling } from "./plugins/errors.ts";
import { registerJsonBodies } from "./plugins/json-body.ts";
import { hasBuiltApp, servePage, webPlugin } from "./plugins/web.ts";

export interface AppOptions {
  logger?: boolean;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** The built renderer to serve; without it, only the API is served. */
  webDist?: string;
}

export async function buildApp(context: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: "info", redact: ["req.headers.cookie", "req.headers['x-csrf-token']"] } : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Fastify checks each request's envelope against api/'s schemas, and must not change what
    // it checks: a request is stored exactly as sent or refused. Record data is the engine's.
    ajv: { customOptions: REQUEST_AJV_OPTIONS },
    frameworkErrors,
  });
  // The API speaks JSON only: anything else is 415, not silently parsed as text.
  app.removeContentTypeParser("text/plain");
  registerJsonBodies(app);
  const web = options.webDist && hasBuiltApp(options.webDist) ? options.webDist : undefined;
  if (options.webDist && !web) app.log.warn(`No built web app in ${options.webDist}: serving the API only (npm run build)`);
  registerErrorHandling(app, web ? { servePage } : {});
  // Pages, scripts and long lists travel compressed when the browser asks (gzip or brotli).
  await app.register(compress, { threshold: 1024 });

  await app.register(swagger, {
    openapi: {
      info: { title: "Safeguarding Case Review Tracker API", version: "1.0.0", description: "Record routes of the S-CRT and further collections. Sign in, then send the CSRF token as x-csrf-token on every POST or PUT." },
      tags: [
        { name: "auth", description: "Sign-in and sessions" },
        { name: "collections", description: "Compiled form definitions, validation and publish checks" },
        { name: "records", description: "Case records, their revisions and history" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

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
  await app.register((api) => apiPlugin(api, context), { prefix: "/api" });
  if (web) await webPlugin(app, { distDir: web });
  return app;
}
