/** Builds the Fastify application from its plugins; main.ts listens, tests use inject. */
import Fastify, { type FastifyInstance } from "fastify";
import type { FormRegistry } from "../engine/registry.ts";
import { collectionsPlugin } from "./plugins/collections.ts";
import { registerErrorHandling } from "./plugins/errors.ts";

export interface AppOptions {
  registry: FormRegistry;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  // The API speaks JSON only: anything else is 415, not silently parsed as text.
  app.removeContentTypeParser("text/plain");
  registerErrorHandling(app);
  await app.register(collectionsPlugin, { registry: options.registry });
  return app;
}
