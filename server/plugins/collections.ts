/**
 * Collection routes: the compiled forms (what the renderer draws and validates with) and
 * validate-without-storing. Forms come from the registry compiled at start-up.
 */
import { createHash } from "node:crypto";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { FormRegistry, RegisteredForm } from "../../engine/index.ts";
import {
  collectionParamsSchema,
  collectionsBodySchema,
  compiledFormSchema,
  errorBodySchema,
  validateBodySchema,
  validateRequestSchema,
  versionParamsSchema,
  type CollectionsBody,
  type ValidateBody,
  type ValidateRequest,
} from "../../api/index.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

const errors = { "4xx": errorBodySchema };

export const collectionsPlugin: FastifyPluginAsync<ServerContext> = async (app, context) => {
  app.get("/collections", { schema: { tags: ["collections"], summary: "Collections and their versions", response: { 200: collectionsBodySchema, ...errors } } }, async (): Promise<CollectionsBody> => collectionsBody(context.registry));

  app.get<{ Params: { collection: string; version: string } }>(
    "/collections/:collection/versions/:version",
    { schema: { tags: ["collections"], summary: "The compiled form of one version (a published or retired one with an ETag: If-None-Match answers 304)", params: versionParamsSchema, response: { 200: compiledFormSchema, ...errors } }, config: { cacheable: true } },
    async (request, reply) => {
      const entry = context.registry.get(request.params.collection, request.params.version);
      if (!entry) return reply.status(404).send(errorBody(404, "not_found", `No version ${request.params.version} of collection ${request.params.collection}`));
      if (notModified(request, reply, entry, "form")) return reply.status(304).send();
      return entry.form;
    },
  );

  app.get<{ Params: { collection: string; version: string } }>(
    "/collections/:collection/versions/:version/validator.js",
    {
      schema: {
        tags: ["collections"],
        summary: "The precompiled validator module for browsers (a published or retired one with an ETag: If-None-Match answers 304)",
        params: versionParamsSchema,
        response: { 200: { description: "An ES module (text/javascript) exporting the version's validator", type: "string" }, ...errors },
      },
      config: { cacheable: true },
    },
    async (request, reply) => {
      const entry = context.registry.get(request.params.collection, request.params.version);
      if (!entry) return reply.status(404).send(errorBody(404, "not_found", `No version ${request.params.version} of collection ${request.params.collection}`));
      if (notModified(request, reply, entry, "validator")) return reply.status(304).send();
      return reply.type("text/javascript; charset=utf-8").send(entry.validatorCode);
    },
  );

  app.post<{ Params: { collection: string }; Body: ValidateRequest }>(
    "/collections/:collection/validate",
    {
      schema: { tags: ["collections"], summary: "Validate data without storing it", params: collectionParamsSchema, body: validateRequestSchema, response: { 200: validateBodySchema, ...errors } },
      // An unknown collection is 404 whatever the body.
      preValidation: async (request, reply) => {
        if (!context.registry.collections().includes(request.params.collection)) await reply.status(404).send(errorBody(404, "not_found", `No collection ${request.params.collection}`));
      },
      schemaErrorFormatter: envelopeErrors({ shape: '{"data": {...}} and an optional "version"', fields: { data: "a JSON object of item keys and answers", version: 'text, like "2.0"' } }),
    },
    async (request, reply) => {
      const { collection } = request.params;
      const { version, data } = request.body;
      const entry = version ? context.registry.get(collection, version) : context.registry.published(collection);
      if (!entry) return reply.status(404).send(errorBody(404, "not_found", `No version ${version ?? "(published)"} of collection ${collection}`));
      const result = entry.validate(data, { today: context.today() });
      const body: ValidateBody = { valid: result.valid, version: entry.form.version, errors: result.errors, ...(result.moreErrors ? { moreErrors: result.moreErrors } : {}) };
      return body;
    },
  );
};

/** Every collection's summary: GET /api/collections, and the bootstrap of the web app's pages. */
export function collectionsBody(registry: FormRegistry): CollectionsBody {
  return {
    items: registry.collections().map((id) => {
      const versions = registry.versions(id);
      const current = registry.published(id);
      return {
        id,
        title: versions[0]!.form.collection.title,
        currentVersion: current?.form.version ?? null,
        versions: versions.map(({ form }) => ({ version: form.version, status: form.status, effectiveFrom: form.effectiveFrom, title: form.title })),
      };
    }),
  };
}

const tags = new WeakMap<RegisteredForm, { form: string; validator: string }>();

function entityTag(entry: RegisteredForm, part: "form" | "validator"): string {
  let known = tags.get(entry);
  if (!known) {
    const hash = (text: string) => `"${createHash("sha256").update(text).digest("base64url").slice(0, 22)}"`;
    known = { form: hash(JSON.stringify(entry.form)), validator: hash(entry.validatorCode) };
    tags.set(entry, known);
  }
  return known[part];
}

/**
 * A published or retired version never changes while the server runs, so the browser may keep
 * it and ask again with its ETag (a new deployment may compile it differently, hence
 * revalidation rather than a lifetime). A draft is not kept (security-headers.ts: no-store).
 * True when the browser's copy is current.
 */
function notModified(request: FastifyRequest, reply: FastifyReply, entry: RegisteredForm, part: "form" | "validator"): boolean {
  if (entry.form.status === "draft") return false;
  const tag = entityTag(entry, part);
  reply.header("etag", tag).header("cache-control", "private, no-cache");
  const asked = request.headers["if-none-match"];
  return typeof asked === "string" && asked.split(",").some((t) => t.trim().replace(/^W\//, "") === tag);
}
