/**
 * Sign-in and sessions: a signed, HTTP-only, SameSite=Strict session cookie naming a session
 * kept in storage, and a CSRF token per session required on every state-changing request.
 * The dev sign-in (pick a seeded user) exists only outside production.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Session, User } from "../../storage/types.ts";
import { ROLE_NAMES } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { errorBody } from "./errors.ts";

export const SESSION_COOKIE = "scrt_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Routes that start a session cannot require its CSRF token yet. */
const CSRF_EXEMPT = new Set(["/auth/dev-login"]);

declare module "fastify" {
  interface FastifyRequest {
    user: User | null;
    session: Session | null;
  }
}

export function publicUser(user: User, context: ServerContext) {
  const org = context.reference.find(user.orgCode);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleName: ROLE_NAMES[user.role],
    organisation: { code: user.orgCode, name: org?.name ?? (user.orgCode === "X24" ? "NHS England" : user.orgCode) },
  };
}

/** Ends the request with 401 unless someone is signed in. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.user) await reply.status(401).send(errorBody(401, "Sign in to use the tracker"));
}

async function authPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  await app.register(cookie, { secret: context.sessionSecret, hook: "onRequest" });
  app.decorateRequest("user", null);
  app.decorateRequest("session", null);

  const cookieOptions = {
    path: "/",
    httpOnly: true,
    sameSite: "strict" as const,
    secure: context.production,
    signed: true,
    maxAge: context.sessionTtlSeconds,
  };

  // onRequest, before the body is read: an anonymous or forged request is refused without
  // its body ever being parsed, so it learns nothing from body errors.
  app.addHook("onRequest", async (request, reply) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (raw) {
      const unsigned = request.unsignCookie(raw);
      const session = unsigned.valid && unsigned.value ? await context.store.getSession(unsigned.value) : undefined;
      const user = session ? await context.store.getUser(session.userId) : undefined;
      if (session && user) {
        request.session = session;
        request.user = user;
      }
    }
    if (!SAFE_METHODS.has(request.method) && request.user && !CSRF_EXEMPT.has(request.routeOptions.url ?? "")) {
      const token = request.headers["x-csrf-token"];
      if (token !== request.session!.csrfToken) {
        return reply.status(403).send(errorBody(403, "This request is missing its security token (x-csrf-token). Reload the page and try again."));
      }
    }
  });

  app.get("/auth/me", { schema: { tags: ["auth"], summary: "The signed-in user and their CSRF token" } }, async (request, reply) => {
    if (!request.user) return reply.status(401).send(errorBody(401, "Not signed in"));
    return { user: publicUser(request.user, context), csrfToken: request.session!.csrfToken };
  });

  app.post("/auth/logout", { schema: { tags: ["auth"], summary: "Sign out" } }, async (request, reply) => {
    if (request.session) await context.store.deleteSession(request.session.id);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { signedOut: true };
  });

  if (context.production) return;

  app.get("/auth/dev-users", { schema: { tags: ["auth"], summary: "Seeded users for the dev sign-in (not in production)" } }, async () => ({
    items: (await context.store.listUsers()).map((u) => publicUser(u, context)),
  }));

  app.post<{ Body: unknown }>(
    "/auth/dev-login",
    { schema: { tags: ["auth"], summary: "Sign in as a seeded user (not in production)", body: { type: "object", properties: { username: { type: "string" } } } } },
    async (request, reply) => {
      const body = request.body as { username?: unknown } | null;
      if (!body || typeof body.username !== "string" || !body.username) {
        return reply.status(400).send(errorBody(400, 'Send {"username": "..."} naming a seeded user'));
      }
      const user = await context.store.getUserByUsername(body.username);
      if (!user) return reply.status(401).send(errorBody(401, `No user called "${body.username}"`));
      if (request.session) await context.store.deleteSession(request.session.id);
      const session = await context.store.createSession(user.id, context.sessionTtlSeconds);
      reply.setCookie(SESSION_COOKIE, session.id, cookieOptions);
      return { user: publicUser(user, context), csrfToken: session.csrfToken };
    },
  );
}

export default fp(authPlugin, { name: "auth" });
