/**
 * Sessions: a signed, HTTP-only, SameSite=Strict session cookie naming a session kept in
 * storage, and a CSRF token per session required on every state-changing request. A session
 * ends after the idle timeout, at its absolute end, when its user is deactivated, and whenever
 * it was made by a sign-in method this server does not offer (a dev session on a production
 * server). The sign-in itself is one of two plugins: OpenID Connect (oidc.ts) when configured,
 * else the dev sign-in (dev-login.ts), never in production.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { errorBodySchema, sessionBodySchema, signInMethodBodySchema, signedOutBodySchema, type PublicUser, type SessionBody, type SignedOutBody } from "../../api/index.ts";
import type { Session, SignInMethod, User } from "../../storage/index.ts";
import { ROLE_NAMES, userPermissions } from "../access.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { devLoginPlugin } from "./dev-login.ts";
import { errorBody } from "./errors.ts";
import { oidcPlugin, providerSignOutUrl } from "./oidc.ts";

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

/** The signed-in user, what they may do, their organisation's state today and when the session ends. */
export function sessionBody(user: User, session: Session, context: ServerContext): SessionBody {
  return {
    user: publicUser(user, context),
    csrfToken: session.csrfToken,
    ...userPermissions(user, context.registry, context.reference, context.today()),
    session: { method: session.method, idleTimeoutSeconds: context.sessions.idleSeconds, expiresAt: session.expiresAt },
  };
}

/**
 * Starts a new session for a user who has just proved who they are: always a new id (a session
 * id known before sign-in is worth nothing after it), replacing the request's old session.
 */
export async function startSession(context: ServerContext, request: FastifyRequest, reply: FastifyReply, user: User, method: SignInMethod, idToken?: string): Promise<Session> {
  if (request.session) await context.store.deleteSession(request.session.id);
  const session = await context.store.createSession({ userId: user.id, method, lifetimeSeconds: context.sessions.lifetimeSeconds, idToken: idToken ?? null });
  reply.setCookie(SESSION_COOKIE, session.id, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure: context.production,
    signed: true,
    maxAge: context.sessions.lifetimeSeconds,
  });
  request.session = session;
  request.user = user;
  await context.store.recordSignIn(user.id);
  return session;
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
  const { idleSeconds } = context.sessions;
  // Noting activity is a write: once a minute is enough (or a tenth of a short idle timeout).
  const touchEveryMs = Math.min(60, idleSeconds / 10) * 1000;

  // onRequest, before the body is read: an anonymous or forged request is refused without
  // its body ever being parsed, so it learns nothing from body errors.
  app.addHook("onRequest", async (request, reply) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (raw) await resumeSession(request, raw);
    if (!SAFE_METHODS.has(request.method) && request.user && !CSRF_EXEMPT.has(request.routeOptions.url ?? "")) {
      const token = request.headers["x-csrf-token"];
      if (token !== request.session!.csrfToken) {
        return reply.status(403).send(errorBody(403, "csrf", "This request is missing its security token (x-csrf-token). Reload the page and try again."));
      }
    }
  });

  /**
   * Session cookies already found to carry this server's signature, each with the session id it
   * carries. Checking the signature (an HMAC) cost about 8 µs a request; a cookie found here
   * was checked before, character for character, so a forged one never is. Emptied when full.
   */
  const signedCookies = new Map<string, string>();
  const MAX_SIGNED_COOKIES = 10_000;
  function sessionIdOf(request: FastifyRequest, raw: string): string | undefined {
    const known = signedCookies.get(raw);
    if (known !== undefined) return known;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return undefined;
    if (signedCookies.size >= MAX_SIGNED_COOKIES) signedCookies.clear();
    signedCookies.set(raw, unsigned.value);
    return unsigned.value;
  }

  async function resumeSession(request: FastifyRequest, raw: string): Promise<void> {
    const id = sessionIdOf(request, raw);
    const found = id ? await context.store.getSessionWithUser(id) : undefined;
    if (!found) return;
    const { session, user } = found;
    const now = Date.now();
    const ended = endReason(session, user, now);
    if (ended) {
      await context.store.deleteSession(session.id);
      if (ended === "idle") await audit(context, request, { action: "session_ended", userId: session.userId, actor: user?.username ?? session.userId, details: { reason: ended } });
      return;
    }
    request.session = session;
    request.user = user!;
    if (now - Date.parse(session.lastSeenAt) >= touchEveryMs) {
      const at = new Date(now).toISOString();
      await context.store.touchSession(session.id, at);
      session.lastSeenAt = at;
    }
  }

  function endReason(session: Session, user: User | undefined, now: number): "method" | "idle" | "inactive" | null {
    if (session.method !== context.signIn.method) return "method";
    if (!user || !user.active) return "inactive";
    if (now - Date.parse(session.lastSeenAt) > idleSeconds * 1000) return "idle";
    return null;
  }

  app.get(
    "/auth/me",
    { schema: { tags: ["auth"], summary: "The signed-in user, their CSRF token, what they may do and when their session ends", response: { 200: sessionBodySchema, ...errors } } },
    async (request, reply) => {
      if (!request.user) return reply.status(401).send(errorBody(401, "unauthenticated", "Not signed in"));
      return sessionBody(request.user, request.session!, context);
    },
  );

  app.get(
    "/auth/method",
    { schema: { tags: ["auth"], summary: "How to sign in to this server: OpenID Connect (start at /auth/oidc/login) or, in development, the dev sign-in", response: { 200: signInMethodBodySchema } } },
    async () => (context.signIn.method === "oidc" ? { method: "oidc" as const, signInUrl: "/auth/oidc/login" } : { method: "dev" as const, signInUrl: null }),
  );

  app.post("/auth/logout", { schema: { tags: ["auth"], summary: "Sign out (and, with OpenID Connect, the address that signs out of the provider)", response: { 200: signedOutBodySchema, ...errors } } }, async (request, reply) => {
    const body: SignedOutBody = { signedOut: true, providerSignOutUrl: null };
    if (request.session) {
      await context.store.deleteSession(request.session.id);
      await audit(context, request, { action: "sign_out" });
      if (context.signIn.method === "oidc") body.providerSignOutUrl = await providerSignOutUrl(context.signIn.oidc, request.session.idToken);
    }
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return body;
  });

  if (context.signIn.method === "oidc") await oidcPlugin(app, context, context.signIn.oidc);
  else if (!context.production) await devLoginPlugin(app, context);
}

export default fp(authPlugin, { name: "auth" });
