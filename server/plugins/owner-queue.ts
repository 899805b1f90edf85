/**
 * The owner queue: records whose owner a migration or succession could not decide wait here
 * until a national user chooses among the named successors.
 */
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";
import { uniqueConstraints } from "../../ops/index.ts";
import { requireUser } from "./auth.ts";
import { errorBody } from "./errors.ts";
import { IF_MATCH_MALFORMED, IF_MATCH_MISSING, readIfMatch } from "./if-match.ts";
import { ownerView, recordView } from "./record-views.ts";

export async function ownerQueuePlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.addHook("onRequest", requireUser);

  app.get<{ Params: { collection: string } }>(
    "/api/collections/:collection/owner-queue",
    { schema: { tags: ["records"], summary: "Records waiting for a national user to choose their owner" } },
    async (request, reply) => {
      if (request.user!.role !== "national") return reply.status(403).send(errorBody(403, "Only national users assign owners"));
      if (!context.registry.versions(request.params.collection).length) return reply.status(404).send(errorBody(404, `No collection ${request.params.collection}`));
      const today = context.today();
      const records = await context.store.listOwnerPending(request.params.collection);
      return {
        items: await Promise.all(
          records.map(async (r) => ({
            record: await recordView(r, context),
            reason: r.ownerPending!.reason,
            candidates: r.ownerPending!.candidates.map((code) => ownerView(context, code, today)),
          })),
        ),
      };
    },
  );

  app.post<{ Params: { collection: string; id: string }; Body: unknown }>(
    "/api/collections/:collection/records/:id/owner",
    { schema: { tags: ["records"], summary: "Assign the owner of a record in the owner queue (If-Match required)", body: { type: "object", properties: { ownerOrg: { type: "string" } } } } },
    async (request, reply) => {
      if (request.user!.role !== "national") return reply.status(403).send(errorBody(403, "Only national users assign owners"));
      const record = await context.store.getRecord(request.params.collection, request.params.id);
      if (!record) return reply.status(404).send(errorBody(404, "No such record"));
      const body = request.body as { ownerOrg?: unknown } | null;
      const ownerOrg = body && typeof body === "object" && typeof body.ownerOrg === "string" ? body.ownerOrg.toUpperCase() : undefined;
      if (!ownerOrg) return reply.status(400).send(errorBody(400, 'Send {"ownerOrg": "<code>"} naming one of the candidates'));
      if (!record.ownerPending) return reply.status(409).send(errorBody(409, "This record's owner is not waiting to be assigned"));
      if (!record.ownerPending.candidates.includes(ownerOrg)) {
        return reply.status(422).send(errorBody(422, `${ownerOrg} is not one of the successors named for this record: ${record.ownerPending.candidates.join(", ")}`));
      }
      const ifMatch = readIfMatch(request);
      if (ifMatch.kind === "missing") return reply.status(428).send(errorBody(428, IF_MATCH_MISSING));
      if (ifMatch.kind === "malformed") return reply.status(400).send(errorBody(400, IF_MATCH_MALFORMED));
      const form = context.registry.get(record.collection, record.version);
      const written = await context.store.updateRecord({
        collection: record.collection,
        id: record.id,
        expectedRevision: ifMatch.revision,
        version: record.version,
        data: record.data,
        complete: record.complete,
        missing: record.missing,
        unique: form ? uniqueConstraints(form.form, record.data) : [],
        userId: request.user!.id,
        ownerOrg,
        ownerPending: null,
        reason: `owner assigned: ${ownerOrg}`,
      });
      if (written.kind === "conflict") return reply.status(412).send({ ...errorBody(412, "Someone else has changed this record since you opened it; reload it"), currentRevision: written.currentRevision });
      if (written.kind === "duplicate") return reply.status(422).send(errorBody(422, `Another case of ${ownerOrg} already has this ${written.item}; change one of them first`));
      if (written.kind !== "ok") return reply.status(404).send(errorBody(404, "No such record"));
      reply.header("etag", `"${written.record.revision}"`);
      return recordView(written.record, context);
    },
  );
}
