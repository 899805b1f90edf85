/**
 * Maintenance through the API. Standards admins may ask what publishing a version would do;
 * publishing itself is `npm run scrt -- forms publish`, a change to the definition files
 * reviewed like code and deployed, because the server never writes definitions and loads them
 * only at start-up. National users import legacy files.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Readable } from "node:stream";
import {
  collectionParamsSchema,
  errorBodySchema,
  importBodySchema,
  importQuerySchema,
  publishCheckBodySchema,
  versionParamsSchema,
  type BreakingChange,
  type ImportBody,
  type PublishCheckBody,
} from "../../api/index.ts";
import { diffForms, migrationCovers, type FormRegistry } from "../../engine/index.ts";
import { importsLegacy, managesDefinitions } from "../access.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { importLegacy, type ImportReport } from "../../ops/index.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

/** Legacy files arrive as CSV text, up to this size. */
const IMPORT_LIMIT = 20 * 1024 * 1024;
const errors = { "4xx": errorBodySchema };

function guard(allowed: (user: NonNullable<FastifyRequest["user"]>) => boolean, message: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!allowed(request.user!)) await reply.status(403).send(errorBody(403, "forbidden", message));
  };
}

export async function adminPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  app.get<{ Params: { collection: string; version: string } }>(
    "/collections/:collection/versions/:version/publish-check",
    {
      schema: {
        tags: ["collections"],
        summary: "What publishing this version would do (standards admins); publish with `npm run scrt -- forms publish`",
        params: versionParamsSchema,
        response: { 200: publishCheckBodySchema, ...errors },
      },
      preValidation: guard(managesDefinitions, "Only standards admins check versions for publishing"),
    },
    async (request, reply) => {
      const { collection, version } = request.params;
      const report = publishCheck(context.registry, collection, version);
      if (!report) return reply.status(404).send(errorBody(404, "not_found", `No version ${version} of collection ${collection}`));
      return report;
    },
  );

  app.post<{ Params: { collection: string }; Querystring: { version: string; validOnly?: "true" | "false"; dryRun?: "true" | "false" } }>(
    "/collections/:collection/import",
    {
      schema: {
        tags: ["records"],
        summary: "Import a legacy CSV (national users; Content-Type: text/csv)",
        params: collectionParamsSchema,
        querystring: importQuerySchema,
        response: { 200: importBodySchema, ...errors },
      },
      preValidation: guard(importsLegacy, "Only national users import legacy files"),
      schemaErrorFormatter: envelopeErrors({ fields: { version: "the version the file was written under, like ?version=1.0", validOnly: "true or false", dryRun: "true or false" } }),
    },
    async (request, reply) => {
      const { version } = request.query;
      const form = context.registry.get(request.params.collection, version);
      if (!form) return reply.status(404).send(errorBody(404, "not_found", `No version ${version} of collection ${request.params.collection}`));
      // The CSV body is not JSON, so no body schema: its type is checked here.
      if (typeof request.body !== "string") return reply.status(415).send(errorBody(415, "unsupported_media_type", "Send the file as CSV text, with Content-Type: text/csv"));
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
      // One entry for the whole file, not one per case: counts only, nothing from its rows.
      if (report.stored && report.imported > 0) {
        await audit(context, request, { action: "case_created", collection: form.form.collection.id, details: { import: true, version, rows: report.rows, imported: report.imported, alreadyImported: report.alreadyImported } });
      }
      const body: ImportBody = { message: summary(report), ...report };
      if (report.problems.length && !report.stored) return reply.status(422).send({ ...errorBody(422, "import_rejected", body.message), ...body });
      return body;
    },
  );
}

/**
 * The same checks as `forms publish`, over the forms and migrations compiled at start-up:
 * only a draft can be published, and every breaking change from the published version must
 * be covered by the migration between them.
 */
export function publishCheck(registry: FormRegistry, collection: string, version: string): PublishCheckBody | undefined {
  const entry = registry.get(collection, version);
  if (!entry) return undefined;
  const command = `npm run scrt -- forms publish ${collection} ${version}`;
  const status = entry.form.status;
  const base = { collection, version, status, command };
  if (status !== "draft") {
    return { ...base, publishable: false, wouldRetire: null, migration: null, breakingChanges: [], otherChanges: 0, message: `version ${version} is ${status}; only a draft can be published` };
  }
  const current = registry.published(collection);
  if (!current) {
    return { ...base, publishable: true, wouldRetire: null, migration: null, breakingChanges: [], otherChanges: 0, message: `publishing ${version} would make it the version that takes new records; no version is published now` };
  }
  const from = current.form.version;
  const migration = registry.migration(collection, from, version);
  const changes = diffForms(current.form, entry.form);
  const breakingChanges: BreakingChange[] = changes
    .filter((c) => c.breaking)
    .map((c) => ({ kind: c.kind, item: c.item ?? null, description: c.description, covered: migration ? migrationCovers(migration, c) : false }));
  const uncovered = breakingChanges.filter((c) => !c.covered).length;
  const migrationFile = `migrations/${from}-to-${version}.yaml`;
  const message = uncovered
    ? `version ${version} has ${uncovered} breaking change${uncovered === 1 ? "" : "s"} from ${from} that no migration covers (add ${migrationFile}); forms publish would refuse it`
    : `publishing ${version} would retire ${from}${breakingChanges.length ? `; ${migrationFile} covers every breaking change` : "; nothing in it breaks records of " + from}`;
  return {
    ...base,
    publishable: uncovered === 0,
    wouldRetire: from,
    migration: migration ? { from, to: version } : null,
    breakingChanges,
    otherChanges: changes.length - breakingChanges.length,
    message,
  };
}

function summary(r: ImportReport): string {
  if (!r.stored) return `${r.rows} rows, ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}: nothing stored`;
  return `${r.imported} case${r.imported === 1 ? "" : "s"} imported, ${r.alreadyImported} already imported`;
}
