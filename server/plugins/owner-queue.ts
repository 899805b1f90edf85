/**
 * The owner queue: records whose owner a migration or succession could not decide wait here
 * until a national user chooses among the named successors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  assignOwnerRequestSchema,
  collectionParamsSchema,
  errorBodySchema,
  ifMatchHeadersSchema,
  ownerQueueBodySchema,
  recordParamsSchema,
  recordSchema,
  type AssignOwnerRequest,
  type OwnerQueueBody,
} from "../../api/index.ts";
import { assignsOwners } from "../access.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { recordUpdate } from "../../ops/index.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";
import { IF_MATCH_MALFORMED, IF_MATCH_MISSING, readIfMatch } from "./if-match.ts";
import { ownerView, recordView } from "./record-views.ts";
import { stale } from "./records.ts";

const errors = { "4xx": errorBodySchema };

/** Before anything else is looked at: only national users assign owners. */
async function nationalOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!assignsOwners(request.user!)) await reply.status(403).send(errorBody(403, "forbidden", "Only national users assign owners"));
}

export async function ownerQueuePlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.get<{ Params: { collection: string } }>(
    "/collections/:collection/owner-queue",
    { schema: { tags: ["records"], summary: "Records waiting for a national user to choose their owner", params: collectionParamsSchema, response: { 200: ownerQueueBodySchema, ...errors } }, preValidation: nationalOnly },
    async (request, reply) => {
      if (!context.registry.versions(request.params.collection).length) return reply.status(404).send(errorBody(404, "not_found", `No collection ${request.params.collection}`));
      const today = context.today();
      const records = await context.store.listOwnerPending(request.params.collection);
      const body: OwnerQueueBody = {
        items: await Promise.all(
          records.map(async (r) => ({
            record: await recordView(r, context, request.user!),
            reason: r.ownerPending!.reason,
            candidates: r.ownerPending!.candidates.map((code) => ownerView(context, code, today)),
          })),
        ),
      };
      return body;
    },
  );

  app.post<{ Params: { collection: string; id: string }; Body: AssignOwnerRequest }>(
    "/collections/:collection/records/:id/owner",
    {
      schema: {
        tags: ["records"],
        summary: "Assign the owner of a record in the owner queue (If-Match required)",
        params: recordParamsSchema,
        headers: ifMatchHeadersSchema,
        body: assignOwnerRequestSchema,
        response: { 200: recordSchema, ...errors },
      },
      preValidation: nationalOnly,
      schemaErrorFormatter: envelopeErrors({ shape: '{"ownerOrg": "<code>"}', hint: "naming one of the candidates", fields: { ownerOrg: "the code of one of the candidates" } }),
    },
    async (request, reply) => {
      const record = await context.store.getRecord(request.params.collection, request.params.id);
      if (!record) return reply.status(404).send(errorBody(404, "not_found", "No such record"));
      const ownerOrg = request.body.ownerOrg.toUpperCase();
      if (!record.ownerPending) return reply.status(409).send(errorBody(409, "owner_not_pending", "This record's owner is not waiting to be assigned"));
      if (!record.ownerPending.candidates.includes(ownerOrg)) {
        return reply.status(422).send(errorBody(422, "not_a_candidate", `${ownerOrg} is not one of the successors named for this record: ${record.ownerPending.candidates.join(", ")}`));
      }
      const ifMatch = readIfMatch(request);
      if (ifMatch.kind === "missing") return reply.status(428).send(errorBody(428, "if_match_required", IF_MATCH_MISSING));
      if (ifMatch.kind === "malformed") return reply.status(400).send(errorBody(400, "invalid_if_match", IF_MATCH_MALFORMED));
      const form = context.registry.get(record.collection, record.version);
      if (!form) throw new Error(`record ${record.id} has unknown version ${record.version}`);
      const written = await context.store.updateRecord(recordUpdate(record, form.form, request.user!.id, { ownerOrg, ownerPending: null, reason: `owner assigned: ${ownerOrg}` }, ifMatch.revision));
      if (written.kind === "conflict") return reply.status(412).send(stale(written.currentRevision, "Someone else has changed this record since you opened it; reload it"));
      if (written.kind === "duplicate") {
        const message = `Another case of ${ownerOrg} already has this ${written.item}; change one of them first`;
        return reply.status(422).send(errorBody(422, "duplicate_value", message, { errors: [{ path: `/${written.item}`, code: "duplicate_value", message }] }));
      }
      if (written.kind !== "ok") return reply.status(404).send(errorBody(404, "not_found", "No such record"));
      // No answers changed, only the owner: organisation codes are not case contents.
      await audit(context, request, { action: "case_changed", collection: record.collection, recordId: record.id, details: { owner: { from: record.ownerOrg, to: ownerOrg }, revision: written.record.revision } });
      reply.header("etag", `"${written.record.revision}"`);
      return recordView(written.record, context, request.user!);
    },
  );
}
