/**
 * Serves the built renderer (renderer/dist) with @fastify/static, with a strict
 * Content-Security-Policy on every page: scripts and styles only from this origin, no
 * inline code, no eval. Unknown page paths get the app's index.html (client-side routes; see
 * errors.ts, which owns the not-found handler).
 */
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

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
  app.addHook("onSend", async (request, reply) => {
    if (!request.url.startsWith("/api/") && !request.url.startsWith("/docs")) {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    }
  });
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
