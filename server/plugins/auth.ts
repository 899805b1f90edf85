/**
 * Sign-in and sessions: a signed, HTTP-only, SameSite=Strict session cookie naming a session
 * kept in storage, and a CSRF token per session required on every state-changing request.
 * The dev sign-in (pick a seeded user) exists only outside production.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { devLoginRequestSchema, devUsersBodySchema, errorBodySchema, sessionBodySchema, signedOutBodySchema, type PublicUser, type SessionBody } from "../../api/index.ts";
import type { Session, User } from "../../storage/index.ts";
import { ROLE_NAMES, userPermissions } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";
import { signInRateLimit } from "./limits.ts";

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

export function publicUser(user: User, context: ServerContext): PublicUser {
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

/** The signed-in user, what they may do, and their organisation's state today. */
function sessionBody(user: User, csrfToken: string, context: ServerContext): SessionBody {
  return { user: publicUser(user, context), csrfToken, ...userPermissions(user, context.registry, context.reference, context.today()) };
}

/** Ends the request with 401 unless someone is signed in. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // An unknown path is a 404 for anyone: saying "sign in" would suggest something is there.
  if (!request.user && !request.is404) await reply.status(401).send(errorBody(401, "unauthenticated", "Sign in to use the tracker"));
}

const errors = { "4xx": errorBodySchema };

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
        return reply.status(403).send(errorBody(403, "csrf", "This request is missing its security token (x-csrf-token). Reload the page and try again."));
      }
    }
  });

  app.get(
    "/auth/me",
    { schema: { tags: ["auth"], summary: "The signed-in user, their CSRF token, what they may do and whether their organisation is open today", response: { 200: sessionBodySchema, ...errors } } },
    async (request, reply) => {
      if (!request.user) return reply.status(401).send(errorBody(401, "unauthenticated", "Not signed in"));
      return sessionBody(request.user, request.session!.csrfToken, context);
    },
  );

  app.post("/auth/logout", { schema: { tags: ["auth"], summary: "Sign out", response: { 200: signedOutBodySchema, ...errors } } }, async (request, reply) => {
    if (request.session) await context.store.deleteSession(request.session.id);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { signedOut: true };
  });

  if (context.production) return;

  app.get("/auth/dev-users", { schema: { tags: ["auth"], summary: "Seeded users for the dev sign-in (not in production)", response: { 200: devUsersBodySchema, ...errors } } }, async () => ({
    items: (await context.store.listUsers()).map((u) => publicUser(u, context)),
  }));

  app.post<{ Body: { username: string } }>(
    "/auth/dev-login",
    {
      config: signInRateLimit,
      schema: { tags: ["auth"], summary: "Sign in as a seeded user (not in production)", body: devLoginRequestSchema, response: { 200: sessionBodySchema, ...errors } },
      schemaErrorFormatter: envelopeErrors({ shape: '{"username": "..."}', hint: "naming a seeded user", fields: { username: "the username of a seeded user" } }),
    },
    async (request, reply) => {
      const { username } = request.body;
      const user = await context.store.getUserByUsername(username);
      // One answer for every refusal, so that the sign-in cannot be used to learn who has an account.
      if (!user) return reply.status(401).send(errorBody(401, "unknown_user", "Those sign-in details were not recognised"));
      if (request.session) await context.store.deleteSession(request.session.id);
      const session = await context.store.createSession(user.id, context.sessionTtlSeconds);
      reply.setCookie(SESSION_COOKIE, session.id, cookieOptions);
      return sessionBody(user, session.csrfToken, context);
    },
  );
}

export default fp(authPlugin, { name: "auth" });
