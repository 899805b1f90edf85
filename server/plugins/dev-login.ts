/**
 * The dev sign-in: pick a user by name. Registered only outside production and only when no
 * identity provider is configured (auth.ts decides), so in production the routes do not exist.
 */
import type { FastifyInstance } from "fastify";
import { devLoginRequestSchema, devUsersBodySchema, errorBodySchema, sessionBodySchema } from "../../api/index.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { publicUser, sessionBody, startSession } from "./auth.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";
import { signInRateLimit } from "./limits.ts";

const errors = { "4xx": errorBodySchema };

export async function devLoginPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.get("/auth/dev-users", { schema: { tags: ["auth"], summary: "Users for the dev sign-in (not in production)", response: { 200: devUsersBodySchema, ...errors } } }, async () => ({
    items: (await context.store.listUsers()).filter((u) => u.active && u.source !== "system").map((u) => publicUser(u, context)),
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
      if (!user || !user.active) {
        await audit(context, request, { action: "sign_in_failed", userId: user?.id ?? null, actor: username.slice(0, 200), details: { method: "dev", reason: user ? "deactivated" : "unknown_user" } });
        // One answer for every refusal, so that the sign-in cannot be used to learn who has an account.
        return reply.status(401).send(errorBody(401, "unknown_user", "Those sign-in details were not recognised"));
      }
      const session = await startSession(context, request, reply, user, "dev");
      await audit(context, request, { action: "sign_in", details: { method: "dev" } });
      return sessionBody(user, session, context);
    },
  );
}
