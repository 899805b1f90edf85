/**
 * Sign-in through OpenID Connect (NHS England's single sign-on), with openid-client: the
 * authorization code flow with PKCE, `state` and `nonce` checked and the ID token validated
 * against the provider's keys by the library. The provider proves who someone is; the tracker
 * decides what they may do: a person signs in only to an account a user administrator made,
 * found by issuer and subject, or at the first sign-in by a verified email.
 *
 * Every way this can fail ends on the sign-in page with a message (never a stack) and an
 * audit entry saying why.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as client from "openid-client";
import type { OidcConfig } from "../../ops/index.ts";
import type { User } from "../../storage/index.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { startSession } from "./auth.ts";
import { signInRateLimit } from "./limits.ts";

const TRANSACTION_COOKIE = "scrt_oidc";
/** How long someone may take at the provider's pages before the sign-in must start again. */
const TRANSACTION_SECONDS = 10 * 60;
const DISCOVERY_TIMEOUT_SECONDS = 10;

/** What the sign-in page says, by the code in `/sign-in?error=`. */
export type SignInProblem = "no_access" | "deactivated" | "unavailable" | "failed" | "expired";

interface Transaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** The provider's metadata and keys, discovered once per configuration; a failure is retried next time. */
const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();

function providerConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(oidc);
  if (!found) {
    const insecure = new URL(oidc.issuer).protocol === "http:"; // loopback only: config.ts refuses any other
    found = client.discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
    discovered.set(oidc, found);
    found.catch(() => discovered.delete(oidc));
  }
  return found;
}

/** Where the browser goes to sign out of the provider too (RP-initiated logout), when it offers that. */
export async function providerSignOutUrl(oidc: OidcConfig, idToken: string | null): Promise<string | null> {
  try {
    const configuration = await providerConfiguration(oidc);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { client_id: oidc.clientId, post_logout_redirect_uri: `${oidc.publicUrl}/signed-out` };
    if (idToken) parameters.id_token_hint = idToken;
    return client.buildEndSessionUrl(configuration, parameters).href;
  } catch {
    // The tracker's own session has ended; the provider being unreachable does not undo that.
    return null;
  }
}

/** Only a path on this site: never another host ("//evil.example") or a scheme. */
function safeReturnTo(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 500 && !value.startsWith("/auth/") ? value : "/";
}

export async function oidcPlugin(app: FastifyInstance, context: ServerContext, oidc: OidcConfig): Promise<void> {
  const redirectUri = `${oidc.publicUrl}/auth/oidc/callback`;
  const transactionCookie = { path: "/auth/oidc", httpOnly: true, secure: context.production, signed: true, maxAge: TRANSACTION_SECONDS } as const;

  const refuse = async (request: FastifyRequest, reply: FastifyReply, problem: SignInProblem, reason: string, extra: { actor?: string; userId?: string | null; error?: unknown } = {}) => {
    await audit(context, request, {
      action: "sign_in_failed",
      actor: extra.actor ?? "unknown",
      userId: extra.userId ?? null,
      details: { method: "oidc", reason, ...(extra.error ? { error: describe(extra.error) } : {}) },
    });
    if (problem === "unavailable") request.log.warn({ reason, error: extra.error ? describe(extra.error) : undefined }, "OpenID Connect sign-in failed");
    return reply.redirect(`/sign-in?error=${problem}`, 303);
  };

  app.get<{ Querystring: { returnTo?: string } }>(
    "/auth/oidc/login",
    { config: signInRateLimit, schema: { tags: ["auth"], summary: "Start signing in through the identity provider (redirects there)", querystring: { type: "object", properties: { returnTo: { type: "string" } } } } },
    async (request, reply) => {
      let configuration: client.Configuration;
      try {
        configuration = await providerConfiguration(oidc);
      } catch (error) {
        return refuse(request, reply, "unavailable", "provider_unavailable", { error });
      }
      const transaction: Transaction = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        returnTo: safeReturnTo(request.query.returnTo),
      };
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        response_type: "code",
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
        code_challenge_method: "S256",
      });
      // SameSite=Lax: the provider sends the browser back with a cross-site redirect, on which
      // a Strict cookie would not travel. It holds nothing but one-time random values.
      reply.setCookie(TRANSACTION_COOKIE, Buffer.from(JSON.stringify(transaction)).toString("base64url"), { ...transactionCookie, sameSite: "lax" });
      return reply.redirect(url.href, 303);
    },
  );

  app.get("/auth/oidc/callback", { config: signInRateLimit, schema: { tags: ["auth"], summary: "Where the identity provider sends the browser back after sign-in" } }, async (request, reply) => {
    const transaction = readTransaction(request);
    // One use only: whatever happens next, this sign-in attempt is over.
    reply.clearCookie(TRANSACTION_COOKIE, { path: transactionCookie.path });
    if (!transaction) return refuse(request, reply, "expired", "no_sign_in_in_progress");

    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    let claims: client.IDToken;
    let email: { [claim: string]: unknown };
    try {
      const configuration = await providerConfiguration(oidc);
      tokens = await client.authorizationCodeGrant(configuration, new URL(request.url, oidc.publicUrl), {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      // Providers may keep the email out of the ID token (only the subject is needed there);
      // the UserInfo endpoint has it, checked to be about the same subject.
      email = claims.email !== undefined ? claims : await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    } catch (error) {
      const { problem, reason } = classify(error);
      return refuse(request, reply, problem, reason, { error });
    }

    const claimedEmail = typeof email.email === "string" ? email.email.slice(0, 320) : null;
    const emailVerified = email.email_verified === true;
    const actor = claimedEmail ?? `${claims.iss} ${claims.sub}`;
    let user: User | undefined = await context.store.getUserByExternalId(claims.iss, claims.sub);
    let firstSignIn = false;
    if (!user && claimedEmail && emailVerified) {
      const byEmail = await context.store.getUserByEmail(claimedEmail);
      // An account already linked to another identity is not taken over by a matching email.
      if (byEmail && byEmail.externalSubject === null) {
        user = byEmail;
        firstSignIn = true;
      } else if (byEmail) {
        return refuse(request, reply, "no_access", "linked_to_another_identity", { actor, userId: byEmail.id });
      }
    }
    if (!user) return refuse(request, reply, "no_access", claimedEmail && !emailVerified ? "email_not_verified" : "no_account", { actor });
    if (!user.active) return refuse(request, reply, "deactivated", "deactivated", { actor, userId: user.id });

    if (firstSignIn) await context.store.recordSignIn(user.id, { issuer: claims.iss, subject: claims.sub });
    await startSession(context, request, reply, user, "oidc", tokens.id_token);
    await audit(context, request, { action: "sign_in", details: { method: "oidc", ...(firstSignIn ? { linked: true } : {}) } });
    return reply.redirect(transaction.returnTo, 303);
  });

  function readTransaction(request: FastifyRequest): Transaction | null {
    const raw = request.cookies[TRANSACTION_COOKIE];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    try {
      const value = JSON.parse(Buffer.from(unsigned.value, "base64url").toString("utf8")) as Partial<Transaction>;
      if (typeof value.state !== "string" || typeof value.nonce !== "string" || typeof value.verifier !== "string") return null;
      return { state: value.state, nonce: value.nonce, verifier: value.verifier, returnTo: safeReturnTo(value.returnTo) };
    } catch {
      return null;
    }
  }
}

/** Why a callback failed, for the audit trail, and what the person is told. */
function classify(error: unknown): { problem: SignInProblem; reason: string } {
  if (error instanceof client.AuthorizationResponseError) return { problem: "failed", reason: `provider_said_${safeCode(error.error)}` };
  if (error instanceof client.ResponseBodyError) {
    // invalid_grant: a code used twice, expired, or issued to another client.
    if (error.error === "invalid_grant") return { problem: "failed", reason: "code_refused" };
    // invalid_client: the tracker's own settings (a wrong client secret): not the person's doing.
    if (error.error === "invalid_client" || error.error === "unauthorized_client") return { problem: "unavailable", reason: "client_refused" };
    return { problem: "failed", reason: `token_error_${safeCode(error.error)}` };
  }
  if (error instanceof client.ClientError) {
    const code = error.code ?? "";
    if (code === "OAUTH_TIMEOUT" || code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_HTTP_REQUEST_FORBIDDEN") return { problem: "unavailable", reason: safeCode(code.toLowerCase()) };
    return { problem: "failed", reason: code === "OAUTH_INVALID_RESPONSE" ? "invalid_response" : safeCode(code.toLowerCase() || "invalid_response") };
  }
  // fetch failed: the provider is down or unreachable.
  if (error instanceof TypeError) return { problem: "unavailable", reason: "provider_unavailable" };
  return { problem: "failed", reason: "unexpected" };
}

function safeCode(code: string): string {
  return code.replace(/[^a-z0-9_]/gi, "_").slice(0, 60);
}

/** A short description for the audit trail and log: the library's message, never a stack. */
function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return (message + cause).slice(0, 300);
}
