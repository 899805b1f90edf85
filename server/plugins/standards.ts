/**
 * The data standards team's pages (standards admins only): every collection and version with
 * its status and lock, each version's data dictionary (the engine's own, as HTML and CSV), the
 * diff between any two versions, each migration in words, and, as a job, how many stored
 * records a version's rules would refuse, per rule and per owner: counts only, never case
 * contents. Everything comes from the forms compiled at start-up; nothing here writes.
 */
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  collectionParamsSchema,
  errorBodySchema,
  impactJobBodySchema,
  jobParamsSchema,
  standardsCollectionsBodySchema,
  standardsDiffBodySchema,
  standardsDiffQuerySchema,
  standardsMigrationsBodySchema,
  versionParamsSchema,
  type ImpactJobBody,
  type ImpactResult,
  type StandardsCollectionsBody,
  type StandardsDiffBody,
  type StandardsMigrationsBody,
} from "../../api/index.ts";
import { buildDictionaryHtml, describeMigration, diffForms, migrationCovers, type CompiledItem, type RegisteredForm } from "../../engine/index.ts";
import { checkData, DICTIONARY_HEADER, dictionaryRows, writeCsv, type DataCheckReport } from "../../ops/index.ts";
import { managesDefinitions } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { Jobs, type JobState } from "../jobs.ts";
import { errorBody } from "./errors.ts";

const errors = { "4xx": errorBodySchema };
const IMPACT = "impact";

export async function standardsPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { registry } = context;
  const jobs = new Jobs(context.store, context.jobs);
  jobs.onFailure = (error) => app.log.error({ err: error }, "impact job failed");

  // Every route here is the standards team's.
  app.addHook("preValidation", async (request: FastifyRequest, reply: FastifyReply) => {
    if (!managesDefinitions(request.user!)) await reply.status(403).send(errorBody(403, "forbidden", "Only standards admins see the definitions' pages"));
  });
  const version = (reply: FastifyReply, collection: string, v: string): RegisteredForm | undefined => {
    const entry = registry.get(collection, v);
    if (!entry) void reply.status(404).send(errorBody(404, "not_found", `No version ${v} of collection ${collection}`));
    return entry;
  };

  app.get("/standards/collections", { schema: { tags: ["standards"], summary: "Every collection and version with its status, dates and lock (standards admins)", response: { 200: standardsCollectionsBodySchema, ...errors } } }, async (): Promise<StandardsCollectionsBody> => ({
    items: registry.collections().map((id) => {
      const versions = registry.versions(id);
      return {
        id,
        title: versions[0]!.form.collection.title,
        currentVersion: registry.published(id)?.form.version ?? null,
        versions: versions.map(({ form, fingerprint }) => ({ version: form.version, status: form.status, effectiveFrom: form.effectiveFrom ?? null, title: form.title, fingerprint, items: countItems(form.items) })),
        migrations: registry.migrations(id).map((m) => ({ from: m.from, to: m.to })),
      };
    }),
  }));

  app.get<{ Params: { collection: string; version: string } }>(
    "/standards/collections/:collection/versions/:version/dictionary.html",
    { schema: { tags: ["standards"], summary: "A version's data dictionary as a printable HTML page", params: versionParamsSchema, response: { 200: { type: "string" }, ...errors } } },
    async (request, reply) => {
      const entry = version(reply, request.params.collection, request.params.version);
      if (!entry) return reply;
      const html = buildDictionaryHtml(entry.form);
      // The engine's page carries one small stylesheet: allowed by its hash, so nothing else inline can run.
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
      const hash = createHash("sha256").update(style).digest("base64");
      reply.header("content-security-policy", `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
      return reply.type("text/html; charset=utf-8").send(html);
    },
  );

  app.get<{ Params: { collection: string; version: string } }>(
    "/standards/collections/:collection/versions/:version/dictionary.csv",
    { schema: { tags: ["standards"], summary: "A version's data dictionary as CSV", params: versionParamsSchema, response: { 200: { type: "string" }, ...errors } } },
    async (request, reply) => {
      const entry = version(reply, request.params.collection, request.params.version);
      if (!entry) return reply;
      const out = new PassThrough();
      void writeCsv(DICTIONARY_HEADER, dictionaryRows(entry.form), out).then(() => out.end());
      const name = `${entry.form.collection.id}-${entry.form.version}-dictionary.csv`;
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}"`).send(out);
    },
  );

  app.get<{ Params: { collection: string }; Querystring: { from: string; to: string } }>(
    "/standards/collections/:collection/diff",
    { schema: { tags: ["standards"], summary: "What changed between two versions, each change breaking or not, and whether the migration between them deals with it", params: collectionParamsSchema, querystring: standardsDiffQuerySchema, response: { 200: standardsDiffBodySchema, ...errors } } },
    async (request, reply): Promise<StandardsDiffBody | FastifyReply> => {
      const { collection } = request.params;
      const a = version(reply, collection, request.query.from);
      if (!a) return reply;
      const b = version(reply, collection, request.query.to);
      if (!b) return reply;
      const migration = registry.migration(collection, a.form.version, b.form.version);
      return {
        collection,
        from: a.form.version,
        to: b.form.version,
        migration: Boolean(migration),
        changes: diffForms(a.form, b.form).map((c) => ({ kind: c.kind, item: c.item ?? null, description: c.description, breaking: c.breaking, covered: c.breaking && migration ? migrationCovers(migration, c) : null })),
      };
    },
  );

  app.get<{ Params: { collection: string } }>(
    "/standards/collections/:collection/migrations",
    { schema: { tags: ["standards"], summary: "Each migration of a collection, in words", params: collectionParamsSchema, response: { 200: standardsMigrationsBodySchema, ...errors } } },
    async (request, reply): Promise<StandardsMigrationsBody | FastifyReply> => {
      const { collection } = request.params;
      if (!registry.collections().includes(collection)) return reply.status(404).send(errorBody(404, "not_found", `No collection ${collection}`));
      return {
        collection,
        items: registry.migrations(collection).map((m) => ({ from: m.from, to: m.to, description: m.description ?? null, steps: describeMigration(m, registry.get(collection, m.from)!.form, registry.get(collection, m.to)!.form) })),
      };
    },
  );

  app.post<{ Params: { collection: string; version: string } }>(
    "/standards/collections/:collection/versions/:version/impact",
    { schema: { tags: ["standards"], summary: "Start counting the stored records the version's rules would refuse (a job: 202, then GET /api/standards/jobs/:id)", params: versionParamsSchema, response: { 202: impactJobBodySchema, ...errors } } },
    async (request, reply) => {
      const { collection } = request.params;
      const rules = version(reply, collection, request.params.version);
      if (!rules) return reply;
      const published = registry.published(collection);
      if (!published) return reply.status(404).send(errorBody(404, "not_found", `${collection} has no published version, so no stored records to check`));
      const recordsVersion = published.form.version;
      const total = await context.store.countRecords(collection);
      const { job, started } = await jobs.start(IMPACT, request.user!.id, { collection, version: rules.form.version, recordsVersion }, total, async (control) => {
        const report = await checkData({ store: context.store, rules, recordsVersion, today: context.today(), batchSize: 500, afterBatch: (checked) => control.progress(checked) });
        return impactOf(report, rules, context);
      });
      if (!started) return reply.status(409).send(errorBody(409, "job_running", `You already have an impact check running (job ${job.id}); wait for it to finish`));
      return reply.status(202).header("location", `/api/standards/jobs/${job.id}`).send(jobBody(job));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/standards/jobs/:id",
    { schema: { tags: ["standards"], summary: "An impact job's progress and, once done, its counts (only its starter sees it)", params: jobParamsSchema, response: { 200: impactJobBodySchema, ...errors } } },
    async (request, reply) => {
      const job = await jobs.get(request.params.id, request.user!.id);
      if (!job) return reply.status(404).send(errorBody(404, "not_found", "No such job (jobs are kept for an hour after they finish)"));
      return jobBody(job);
    },
  );
}

function countItems(items: readonly CompiledItem[]): number {
  return items.reduce((n, item) => n + 1 + countItems(item.items ?? []), 0);
}

/** Counts only: which rules fail how many records, and how many per owner; no identifiers, no answers. */
function impactOf(report: DataCheckReport, rules: RegisteredForm, context: ServerContext): ImpactResult {
  const label = (item: string) => rules.form.items.find((i) => i.key === item)?.label ?? item;
  const owners = new Map<string, number>();
  for (const f of report.failures) owners.set(f.ownerOrg, (owners.get(f.ownerOrg) ?? 0) + 1);
  const today = context.today();
  return {
    checked: report.checked,
    failing: report.failing,
    rules: Object.entries(report.byItem)
      .flatMap(([item, entry]) => Object.entries(entry.messages).map(([message, records]) => ({ item, label: label(item), message, records })))
      .sort((a, b) => b.records - a.records || a.item.localeCompare(b.item)),
    owners: [...owners]
      .map(([code, records]) => ({ code, name: context.reference.find(code, { on: today })?.name ?? context.reference.find(code)?.name ?? code, records }))
      .sort((a, b) => b.records - a.records || a.code.localeCompare(b.code)),
  };
}

function jobBody(job: JobState<unknown> & { detail: Record<string, unknown> }): ImpactJobBody {
  const detail = job.detail as { collection: string; version: string; recordsVersion: string };
  return { id: job.id, collection: detail.collection, version: detail.version, recordsVersion: detail.recordsVersion, status: job.status, startedAt: job.startedAt, finishedAt: job.finishedAt, progress: job.progress, message: job.message, result: (job.result as ImpactResult | null) ?? null };
}
