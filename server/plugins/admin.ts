/**
 * Maintenance through the API. Standards admins may ask what publishing a version would do;
 * publishing itself is `npm run scrt -- forms publish`, a change to the definition files
 * reviewed like code and deployed, because the server never writes definitions and loads them
 * only at start-up. National users import legacy files: as a job (202, then its progress at
 * GET .../import/jobs/:id), or with ?wait=true in the one request; either way a chunk of rows
 * per short transaction, so other users' requests are answered in between. A job's state lives
 * in the store (server/jobs.ts), so any instance answers its poll; the work runs in the instance
 * that started it. An import cut short by a restart keeps the chunks it stored (its job is marked
 * failed once its heartbeat is stale), and importing the file again stores the rest (rows
 * already stored are recognised).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Readable } from "node:stream";
import {
  collectionParamsSchema,
  errorBodySchema,
  importBodySchema,
  importJobBodySchema,
  importJobParamsSchema,
  importQuerySchema,
  publishCheckBodySchema,
  versionParamsSchema,
  type BreakingChange,
  type ImportBody,
  type ImportJobBody,
  type ImportMigrationBody,
  type PublishCheckBody,
} from "../../api/index.ts";
import { diffForms, migrationCovers, type FormRegistry } from "../../engine/index.ts";
import { importsLegacy, managesDefinitions } from "../access.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { importLegacy, importMigration, type ImportOptions, type ImportReport, type MigrationReport } from "../../ops/index.ts";
import { Jobs, type JobState } from "../jobs.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

/** Legacy files arrive as CSV text, up to this size. */
const IMPORT_LIMIT = 20 * 1024 * 1024;
const errors = { "4xx": errorBodySchema };
const IMPORT = "import";

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

  const jobs = new Jobs(context.store, context.jobs);
  jobs.onFailure = (error) => app.log.error({ err: error }, "import job failed");

  app.post<{ Params: { collection: string }; Querystring: { version: string; to?: string; validOnly?: "true" | "false"; dryRun?: "true" | "false"; wait?: "true" | "false" } }>(
    "/collections/:collection/import",
    {
      schema: {
        tags: ["records"],
        summary:
          "Import a legacy CSV (national users; Content-Type: text/csv). Starts a job: 202 with its progress, then GET /api/collections/{collection}/import/jobs/{id} until its status is done (its result is the report). With ?wait=true, answers when done: 200 with the report, or 422 when nothing was stored.",
        params: collectionParamsSchema,
        querystring: importQuerySchema,
        response: { 200: importBodySchema, 202: importJobBodySchema, ...errors },
      },
      preValidation: guard(importsLegacy, "Only national users import legacy files"),
      schemaErrorFormatter: envelopeErrors({ fields: { version: "the version the file was written under, like ?version=1.0", to: "the version to carry the rows to, like &to=2.0", validOnly: "true or false", dryRun: "true or false", wait: "true or false" } }),
    },
    async (request, reply) => {
      const { version, to } = request.query;
      const form = context.registry.get(request.params.collection, version);
      if (!form) return reply.status(404).send(errorBody(404, "not_found", `No version ${version} of collection ${request.params.collection}`));
      const migrateTo = to === undefined ? undefined : importMigration(context.registry, context.reference, request.params.collection, version, to);
      if (migrateTo && "problem" in migrateTo) {
        return migrateTo.problem === "no_migration" ? reply.status(422).send(errorBody(422, "no_migration", migrateTo.message)) : reply.status(404).send(errorBody(404, "not_found", migrateTo.message));
      }
      // The CSV body is not JSON, so no body schema: its type is checked here.
      if (typeof request.body !== "string") return reply.status(415).send(errorBody(415, "unsupported_media_type", "Send the file as CSV text, with Content-Type: text/csv"));
      const text = request.body;
      const collection = form.form.collection.id;
      const run = async (progress: Pick<ImportOptions, "onChecked" | "afterChunk">): Promise<ImportBody> => {
        const report = await importLegacy({
          store: context.store,
          form,
          reference: context.reference,
          open: () => Readable.from([text]),
          today: context.today(),
          userId: request.user!.id,
          validOnly: request.query.validOnly === "true",
          dryRun: request.query.dryRun === "true",
          ...(migrateTo ? { migrateTo } : {}),
          ...progress,
        });
        // One entry for the whole file, not one per case: counts only, nothing from its rows.
        if (report.stored && report.imported > 0) {
          await audit(context, request, { action: "case_created", collection, details: { import: true, version, ...(to ? { migratedTo: to } : {}), rows: report.rows, imported: report.imported, alreadyImported: report.alreadyImported } });
        }
        const { migration, ...rest } = report;
        return { message: summary(report), ...rest, ...(migration ? { migration: migrationCounts(migration) } : {}) };
      };
      if (request.query.wait === "true") {
        // Between chunks, whatever else is waiting (other users' requests) runs first.
        const body = await run({ afterChunk: () => new Promise((resolve) => setImmediate(resolve)) });
        if (body.problems.length && !body.stored) return reply.status(422).send({ ...errorBody(422, "import_rejected", body.message), ...body });
        return body;
      }
      const { job, started } = await jobs.start(IMPORT, request.user!.id, { collection, version, ...(to ? { to } : {}) }, 0, async (control) => {
        let toStore = 0;
        return run({
          onChecked: async (n) => {
            toStore = n;
            await control.progress(0, n);
          },
          afterChunk: (done) => control.progress(done, toStore),
        });
      });
      if (!started) return reply.status(409).send(errorBody(409, "job_running", `You already have an import running (job ${job.id}); wait for it to finish`));
      return reply.status(202).header("location", `/api/collections/${collection}/import/jobs/${job.id}`).send(importJobBody(job));
    },
  );

  app.get<{ Params: { collection: string; id: string } }>(
    "/collections/:collection/import/jobs/:id",
    {
      schema: { tags: ["records"], summary: "An import job's progress and, once done, its report (only its starter sees it; kept for an hour after it finishes)", params: importJobParamsSchema, response: { 200: importJobBodySchema, ...errors } },
      preValidation: guard(importsLegacy, "Only national users import legacy files"),
    },
    async (request, reply) => {
      const job = await jobs.get(request.params.id, request.user!.id);
      if (!job || job.detail.collection !== request.params.collection) return reply.status(404).send(errorBody(404, "not_found", "No such import job (jobs are kept for an hour after they finish)"));
      return importJobBody(job);
    },
  );
}

function importJobBody(job: JobState<unknown> & { detail: Record<string, unknown> }): ImportJobBody {
  const detail = job.detail as { collection: string; version: string };
  return { id: job.id, collection: detail.collection, version: detail.version, status: job.status, startedAt: job.startedAt, finishedAt: job.finishedAt, progress: job.progress, message: job.message, result: (job.result as ImportBody | null) ?? null };
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
  const carried = r.migration ? ` (carried to ${r.migration.to})` : "";
  return `${r.imported} case${r.imported === 1 ? "" : "s"} imported${carried}, ${r.alreadyImported} already imported`;
}

/** The migration's report as counts: its lists of records can run to tens of thousands. */
function migrationCounts(r: MigrationReport): ImportMigrationBody {
  return { from: r.from, to: r.to, records: r.records, complete: r.complete, incomplete: r.incomplete, missing: r.missing, archived: r.archived, ownerChanges: r.ownerChanges, pendingOwners: r.pendingOwners.length, flagged: r.flagged.length };
}
