/**
 * The security headers of every response, in one place (helmet): a strict
 * Content-Security-Policy (scripts and styles only from this origin, no inline code, no eval,
 * never framed), no referrer sent off the site, no content sniffing, and HSTS in production
 * only (over plain HTTP in development it would pin the browser to HTTPS on localhost).
 * API and sign-in answers carry case data and tokens: no browser or proxy may keep them.
 */
import helmet, { type HelmetOptions } from "helmet";
import type { FastifyInstance } from "fastify";
import type { IncomingMessage, ServerResponse } from "node:http";
import fp from "fastify-plugin";

/** The web app's policy, and every other answer's except the API documentation's. */
const CSP_DIRECTIVES: Record<string, string[]> = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/**
 * The Swagger UI at /docs needs one thing more: its standalone preset draws the Swagger logo as
 * an SVG with an inline <style> of two fill colours. That one style is allowed by its hash, so
 * no other inline style (nor any inline script) can run; when @fastify/swagger-ui changes the
 * logo, test/browser/docs.test.ts reports the violation with the new hash.
 */
const DOCS_CSP_DIRECTIVES: Record<string, string[]> = {
  ...CSP_DIRECTIVES,
  "style-src": [...CSP_DIRECTIVES["style-src"]!, "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"],
};

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** For @fastify/swagger-ui's staticCSP, which sets it on the documentation's pages, files and JSON. */
export const DOCS_CONTENT_SECURITY_POLICY = policy(DOCS_CSP_DIRECTIVES);

/** Paths whose answers may hold case data, session tokens or who is signed in. */
const PRIVATE_PATH = /^\/(api|auth)(\/|\?|$)/;

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route's answers hold no case data and may be kept by the browser when the route says
     * how (an ETag and its own cache-control); otherwise they are no-store like the rest of /api.
     */
    cacheable?: boolean;
  }
}

export interface SecurityHeaderOptions {
  production: boolean;
}

/**
 * The headers helmet sets, with these options, on every answer. None depends on the request, so
 * helmet is run once, at start-up, on a stand-in answer that keeps what it is given; each answer
 * then gets them in one step. Run on each answer, helmet's thirteen steps each set a header on
 * Node's response, which Fastify then merged with its own: about 20 µs a request.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const answer = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, answer as unknown as ServerResponse, (error?: unknown) => void (failure = error));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

async function securityHeaders(app: FastifyInstance, { production }: SecurityHeaderOptions): Promise<void> {
  const headers = helmetHeaders({
    // Not helmet's defaults: they allow inline styles, and upgrade-insecure-requests would
    // break plain-HTTP development.
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
  });
  // onRequest, so that every answer has them, refusals by later hooks and errors too; a route
  // may still set its own (the API documentation's policy).
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // onSend, after every route and error handler: whatever a route set, a private answer is not stored.
  app.addHook("onSend", (request, reply, payload, done) => {
    if (PRIVATE_PATH.test(request.url) && !(request.routeOptions.config?.cacheable && reply.hasHeader("etag"))) reply.header("cache-control", "no-store");
    done(null, payload);
  });
}

export default fp(securityHeaders, { name: "security-headers" });
