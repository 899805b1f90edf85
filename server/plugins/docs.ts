/**
 * The API documentation (Swagger UI at /docs, the OpenAPI description at /docs/json and
 * /docs/yaml). In production it is for signed-in users only: it maps every route and error of
 * the service, which is no business of someone without an account. In development it stays
 * open, as the README's quick start points people at it.
 */
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./errors.ts";
import { DOCS_CONTENT_SECURITY_POLICY } from "./security-headers.ts";

export interface DocsOptions {
  production: boolean;
}

async function requireUserForDocs(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.user) await reply.status(401).send(errorBody(401, "unauthenticated", "Sign in to read the API documentation"));
}

/** Register after the auth plugin: its hook must have found the signed-in user first. */
export async function registerDocs(app: FastifyInstance, { production }: DocsOptions): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: DOCS_CONTENT_SECURITY_POLICY,
    // Swagger UI's own files (its scripts and styles, the same for everyone) stay public; the
    // page, its start-up script and the API description are not.
    ...(production ? { uiHooks: { onRequest: requireUserForDocs } } : {}),
  });
}
