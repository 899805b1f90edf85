/**
 * Maintenance through the API: standards admins publish and retire versions (the same checks as
 * `forms publish`, then the compiled forms are reloaded); national users import legacy files.
 */
import type { FastifyInstance } from "fastify";
import { Readable } from "node:stream";
import { DefinitionError, findCollection, formatProblem, FormRegistry, publishVersion, retireVersion } from "../../engine/index.ts";
import type { ServerContext } from "../context.ts";
import { importLegacy } from "../../ops/index.ts";
import { requireUser } from "./auth.ts";
import { errorBody } from "./errors.ts";

/** Legacy files arrive as CSV text, up to this size. */
const IMPORT_LIMIT = 20 * 1024 * 1024;

export async function adminPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.addHook("onRequest", requireUser);
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  for (const action of ["publish", "retire"] as const) {
    app.post<{ Params: { collection: string; version: string } }>(
      `/api/collections/:collection/versions/:version/${action}`,
      { schema: { tags: ["collections"], summary: action === "publish" ? "Publish a draft version (standards admins)" : "Retire the published version (standards admins)" } },
      async (request, reply) => {
        if (request.user!.role !== "standards_admin") return reply.status(403).send(errorBody(403, "Only standards admins publish or retire versions"));
        const dir = findCollection(request.params.collection, context.formRoots);
        if (!dir) return reply.status(404).send(errorBody(404, `No collection ${request.params.collection}`));
        try {
          const result = action === "publish" ? publishVersion(dir, request.params.version) : retireVersion(dir, request.params.version);
          if (!result.ok) {
            return reply.status(409).send(errorBody(409, result.message, { errors: (result.uncovered ?? []).map((c) => ({ path: c.item ? `/${c.item}` : "", code: c.kind, message: c.description })) }));
          }
          context.registry = await FormRegistry.load(context.formRoots);
          return { message: result.message, versions: context.registry.versions(request.params.collection).map(({ form }) => ({ version: form.version, status: form.status })) };
        } catch (e) {
          if (e instanceof DefinitionError) return reply.status(409).send(errorBody(409, `The definitions have problems; fix them first:\n${e.problems.map(formatProblem).join("\n")}`));
          throw e;
        }
      },
    );
  }

  app.post<{ Params: { collection: string }; Querystring: { version?: string; validOnly?: string; dryRun?: string } }>(
    "/api/collections/:collection/import",
    { schema: { tags: ["records"], summary: "Import a legacy CSV (national users; Content-Type: text/csv)" } },
    async (request, reply) => {
      if (request.user!.role !== "national") return reply.status(403).send(errorBody(403, "Only national users import legacy files"));
      const version = request.query.version;
      if (!version) return reply.status(400).send(errorBody(400, 'Give the version the file was written under, like ?version=1.0'));
      const form = context.registry.get(request.params.collection, version);
      if (!form) return reply.status(404).send(errorBody(404, `No version ${version} of collection ${request.params.collection}`));
      if (typeof request.body !== "string") return reply.status(415).send(errorBody(415, "Send the file as CSV text, with Content-Type: text/csv"));
      const text = request.body;
      const report = await importLegacy({
        store: context.store,
        form,
        reference: context.reference,
        open: () => Readable.from([text]),
        today: context.today(),
        userId: request.user!.id,
        validOnly: request.query.validOnly === "true",
        dryRun: request.query.dryRun === "true",
      });
      return reply.status(report.problems.length && !report.stored ? 422 : 200).send({ message: summary(report), ...report });
    },
  );
}

function summary(r: { rows: number; validRows: number; problems: unknown[]; stored: boolean; imported: number; alreadyImported: number }): string {
  if (!r.stored) return `${r.rows} rows, ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}: nothing stored`;
  return `${r.imported} case${r.imported === 1 ? "" : "s"} imported, ${r.alreadyImported} already imported`;
}
