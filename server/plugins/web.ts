/**
 * Serves the built renderer (renderer/dist) with @fastify/static; its strict
 * Content-Security-Policy is security-headers.ts's, on every response. Unknown page paths get
 * the app's index.html (client-side routes; see errors.ts, which owns the not-found handler).
 */
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface WebOptions {
  distDir: string;
}

export function hasBuiltApp(distDir: string): boolean {
  return existsSync(join(distDir, "index.html"));
}

/** The app shell, for the not-found handler to answer client-side routes with. */
export function servePage(reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "no-cache").sendFile("index.html");
}

export async function webPlugin(app: FastifyInstance, { distDir }: WebOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: "/",
    index: false,
    wildcard: false,
    cacheControl: false,
    // Hashed asset names never change content; the page itself is always revalidated.
    setHeaders(res, path) {
      res.setHeader("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.get("/", (_request, reply) => servePage(reply));
}
