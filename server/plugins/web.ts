/**
 * Serves the built renderer (renderer/dist) with @fastify/static, with a strict
 * Content-Security-Policy on every page: scripts and styles only from this origin, no
 * inline code, no eval. Unknown non-API paths get the app's index.html (client-side routes).
 */
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { errorBody } from "./errors.ts";

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

export async function webPlugin(app: FastifyInstance, { distDir }: WebOptions): Promise<void> {
  const index = join(distDir, "index.html");
  if (!existsSync(index)) {
    app.log.warn(`No built renderer at ${distDir}: run npm run build (npm start builds it when needed)`);
    return;
  }
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
    // Hashed asset names never change content; the page itself is always revalidated.
    setHeaders(res, path) {
      res.setHeader("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.get("/", (_request, reply) => reply.header("cache-control", "no-cache").sendFile("index.html"));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    const isPage = request.method === "GET" && !path.startsWith("/api/") && !path.startsWith("/auth/") && !/\.[a-z0-9]+$/i.test(path);
    if (isPage) return reply.header("cache-control", "no-cache").sendFile("index.html");
    return reply.status(404).send(errorBody(404, `Nothing at ${request.method} ${path}`));
  });
}
