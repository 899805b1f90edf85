/**
 * The quarterly extract as a download (and a check of a query, for the web app), its data
 * dictionary, and the log of every extract.
 * Scoped like every read: national users all records, regional users their region's, ICB
 * users their own ICB's; standards admins see no case contents (403).
 */
import type { FastifyInstance } from "fastify";
import { PassThrough } from "node:stream";
import { collectionParamsSchema, errorBodySchema, extractCheckBodySchema, extractLogBodySchema, extractQuerySchema, type ErrorBody, type ExtractCheckBody, type ExtractLogBody, type ExtractQuery } from "../../api/index.ts";
import type { User } from "../../storage/index.ts";
import { DICTIONARY_HEADER, dictionaryRows, extractForm, resolveAsAt, runExtract, writeCsv } from "../../ops/index.ts";
import { readsRecords, viewsExtractLog } from "../access.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

const errors = { "4xx": errorBodySchema };
const csvResponse = { 200: { description: "CSV (RFC 4180, UTF-8 with a byte-order mark, CRLF) or XLSX", type: "string" }, ...errors };

export async function extractPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { registry, store, visibility } = context;

  const queryErrors = envelopeErrors({ fields: { quarter: "a quarter like 2026-27-Q2", asAt: "a date like 2026-09-30", format: "csv or xlsx" } });

  /** The checks an extract passes before any row is read; the download and its check share them. */
  const plan = (user: User, collection: string, query: ExtractQuery): { error: ErrorBody } | { asAt: string; quarter: string | null } => {
    const form = extractForm(registry, collection);
    if (!registry.versions(collection).length) return { error: errorBody(404, "not_found", `No collection ${collection}`) };
    if (!readsRecords(user)) return { error: errorBody(403, "forbidden", "Standards admins manage definitions, not case records") };
    if (!form) return { error: errorBody(409, "not_published", `${collection} has no published version to extract in`) };
    const asAt = resolveAsAt({ quarter: query.quarter, asAt: query.asAt }, context.today());
    if ("error" in asAt) return { error: errorBody(400, "invalid_request", asAt.error) };
    return { asAt: asAt.asAt, quarter: asAt.quarter?.id ?? null };
  };

  app.get<{ Params: { collection: string }; Querystring: ExtractQuery }>(
    "/collections/:collection/extract",
    {
      schema: { tags: ["records"], summary: "Every record the caller may see as it stood at the end of a day or quarter, in the current version's columns (a download)", params: collectionParamsSchema, querystring: extractQuerySchema, response: csvResponse },
      schemaErrorFormatter: queryErrors,
    },
    async (request, reply) => {
      const user = request.user!;
      const collection = request.params.collection;
      const planned = plan(user, collection, request.query);
      if ("error" in planned) return reply.status(planned.error.statusCode).send(planned.error);
      const owners = visibility.owners(user);
      const scope = owners === "all" ? "all" : user.orgCode;
      const out = new PassThrough();
      // Rows stream as they are read; the log entry is written once the last row has gone.
      const format = request.query.format ?? "csv";
      runExtract({ store, registry, reference: context.reference, collection, asAt: planned.asAt, quarter: planned.quarter, owners, scope, userId: user.id, generatedBy: `${user.displayName} (${user.username})`, format, out })
        // The trail is written before the download ends: an extract that cannot be recorded
        // does not complete (the browser sees a failed download).
        .then((logged) =>
          audit(context, request, {
            action: "extract_downloaded",
            collection,
            details: { asAt: logged.asAt, quarter: logged.quarter, format: logged.format, scope: logged.scope, rows: logged.rows, extractId: logged.id },
          }),
        )
        .then(() => out.end())
        .catch((e: unknown) => {
          request.log.error({ err: e }, "extract failed");
          out.destroy(e instanceof Error ? e : new Error(String(e)));
        });
      const name = `${collection}-${planned.quarter ?? planned.asAt}-${scope}.${format}`;
      return reply
        .type(format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${name}"`)
        .header("cache-control", "no-store")
        .send(out);
    },
  );

  // The web app asks this before it navigates to the download: a refusal then shows as a
  // message on its page rather than as raw JSON in place of it. Asking the download itself and
  // abandoning it would run (and log) an extract the user never receives.
  app.get<{ Params: { collection: string }; Querystring: ExtractQuery }>(
    "/collections/:collection/extract/check",
    {
      schema: { tags: ["records"], summary: "What the extract with the same query would describe, or why it would be refused; nothing is extracted or logged", params: collectionParamsSchema, querystring: extractQuerySchema, response: { 200: extractCheckBodySchema, ...errors } },
      schemaErrorFormatter: queryErrors,
    },
    async (request, reply): Promise<ExtractCheckBody | typeof reply> => {
      const planned = plan(request.user!, request.params.collection, request.query);
      if ("error" in planned) return reply.status(planned.error.statusCode).send(planned.error);
      return { collection: request.params.collection, asAt: planned.asAt, quarter: planned.quarter, format: request.query.format ?? "csv" };
    },
  );

  app.get<{ Params: { collection: string } }>(
    "/collections/:collection/extract/dictionary",
    { schema: { tags: ["records"], summary: "The extract's data dictionary: every column with its label, type, codes and rules (CSV)", params: collectionParamsSchema, response: csvResponse } },
    async (request, reply) => {
      const form = extractForm(registry, request.params.collection);
      if (!form) return reply.status(404).send(errorBody(404, "not_found", `No published version of collection ${request.params.collection}`));
      const out = new PassThrough();
      void writeCsv(DICTIONARY_HEADER, dictionaryRows(form), out).then(() => out.end());
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${request.params.collection}-dictionary.csv"`).send(out);
    },
  );

  app.get(
    "/extract-log",
    { schema: { tags: ["records"], summary: "Every extract made, newest first (national users)", response: { 200: extractLogBodySchema, ...errors } } },
    async (request, reply): Promise<ExtractLogBody | typeof reply> => {
      if (!viewsExtractLog(request.user!)) return reply.status(403).send(errorBody(403, "forbidden", "Only national users see the extract log"));
      const entries = await store.listExtractLog();
      const names = new Map<string, { username: string; displayName: string }>();
      for (const id of new Set(entries.map((e) => e.userId))) {
        const u = await store.getUser(id);
        names.set(id, u ? { username: u.username, displayName: u.displayName } : { username: "unknown", displayName: "Unknown user" });
      }
      return { items: entries.map(({ userId, ...e }) => ({ ...e, user: names.get(userId)! })) };
    },
  );
}
