/**
 * Collection routes: the compiled forms (what the renderer draws and validates with) and
 * validate-without-storing. Forms come from the registry compiled at start-up.
 */
import type { FastifyPluginAsync } from "fastify";
import type { ServerContext } from "../context.ts";
import { requireUser } from "./auth.ts";
import { errorBody } from "./errors.ts";

export const collectionsPlugin: FastifyPluginAsync<ServerContext> = async (app, context) => {
  app.addHook("onRequest", requireUser);

  app.get("/api/collections", { schema: { tags: ["collections"], summary: "Collections and their versions" } }, async () => ({
    items: context.registry.collections().map((id) => {
      const versions = context.registry.versions(id);
      const current = context.registry.published(id);
      return {
        id,
        title: versions[0]!.form.collection.title,
        currentVersion: current?.form.version ?? null,
        versions: versions.map(({ form }) => ({ version: form.version, status: form.status, effectiveFrom: form.effectiveFrom, title: form.title })),
      };
    }),
  }));

  app.get<{ Params: { collection: string; version: string } }>("/api/collections/:collection/versions/:version", { schema: { tags: ["collections"], summary: "The compiled form of one version" } }, async (request, reply) => {
    const entry = context.registry.get(request.params.collection, request.params.version);
    if (!entry) return reply.status(404).send(errorBody(404, `No version ${request.params.version} of collection ${request.params.collection}`));
    return entry.form;
  });

  app.get<{ Params: { collection: string; version: string } }>("/api/collections/:collection/versions/:version/validator.js", { schema: { tags: ["collections"], summary: "The precompiled validator module for browsers" } }, async (request, reply) => {
    const entry = context.registry.get(request.params.collection, request.params.version);
    if (!entry) return reply.status(404).send(errorBody(404, `No version ${request.params.version} of collection ${request.params.collection}`));
    return reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(entry.validatorCode);
  });

  app.post<{ Params: { collection: string }; Body: unknown }>("/api/collections/:collection/validate", { schema: { tags: ["collections"], summary: "Validate data without storing it" } }, async (request, reply) => {
    const body = request.body;
    if (!body || typeof body !== "object" || Array.isArray(body) || !("data" in body)) {
      return reply.status(400).send(errorBody(400, 'Send {"data": {...}} with an optional "version"'));
    }
    const extra = Object.keys(body).filter((k) => k !== "data" && k !== "version");
    if (extra.length) return reply.status(400).send(errorBody(400, `Unexpected ${extra.map((k) => `"${k}"`).join(", ")}: send only {"data": {...}} and an optional "version"`));
    const { version, data } = body as { version?: unknown; data: unknown };
    if (!data || typeof data !== "object" || Array.isArray(data)) return reply.status(400).send(errorBody(400, '"data" must be a JSON object of item keys and answers'));
    const collection = request.params.collection;
    if (!context.registry.collections().includes(collection)) return reply.status(404).send(errorBody(404, `No collection ${collection}`));
    if (version !== undefined && typeof version !== "string") return reply.status(400).send(errorBody(400, '"version" must be text, like "2.0"'));
    const entry = version ? context.registry.get(collection, version) : context.registry.published(collection);
    if (!entry) return reply.status(404).send(errorBody(404, `No version ${version ?? "(published)"} of collection ${collection}`));
    const result = entry.validate(data, { today: context.today() });
    return { valid: result.valid, version: entry.form.version, errors: result.errors };
  });
};
