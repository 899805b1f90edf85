/**
 * Drafts: each author's unsaved answers to a case being added or edited, kept as they type so
 * that a reload, a closed tab or an ended session loses nothing. A draft is its author's alone:
 * anyone else asking for it gets the same 404 as for a draft that does not exist, and so does
 * its author once the record it edits is no longer theirs to see. Nothing in a draft is
 * validated but its envelope (an unfinished case is the point); a case is checked when saved.
 * Drafts are not audited: they change every few seconds, hold no decision, and saving the case
 * is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  draftListSchema,
  draftParamsSchema,
  draftSchema,
  draftWriteRequestSchema,
  errorBodySchema,
  type DraftBody,
  type DraftWriteRequest,
} from "../../api/index.ts";
import type { Draft, StoredRecord, User } from "../../storage/index.ts";
import { createsRecords, writerRole } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

/** A draft holds one form's answers: far less than this, even for a long case. */
export const DRAFT_BODY_LIMIT = 256 * 1024;
/** Enough for every case a person could be part-way through; a bound on what one account can store. */
export const MAX_DRAFTS_PER_USER = 100;
export const NEW_DRAFT_PREFIX = "new-";

type Params = { collection: string; key: string };

const errors = { "4xx": errorBodySchema };
const draftBody = envelopeErrors({
  shape: '{"version": "...", "data": {...}, "basedOnRevision": 3}',
  fields: { version: "the form version the answers are for, like 2.0", data: "a JSON object of item keys and answers", basedOnRevision: "the record's revision the answers started from, a whole number from 1, or null" },
});
const draftParams = envelopeErrors({ fields: { key: "a record's id, or new- and a UUID for a case not yet saved" } });

export async function draftsPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { store, visibility, registry } = context;
  const retentionSeconds = () => context.drafts.retentionSeconds;

  /** The record a draft edits, if the caller may still see it; null for a new case's draft. */
  const recordFor = async (user: User, collection: string, key: string): Promise<StoredRecord | null | undefined> => {
    if (key.startsWith(NEW_DRAFT_PREFIX)) return null;
    const record = await store.getRecord(collection, key);
    return record && visibility.canSee(user, record.ownerOrg) ? record : undefined;
  };
  /** Whether the draft is still one its author may pick up: its record visible, or new cases theirs to add. */
  const usable = async (user: User, draft: Draft): Promise<boolean> => {
    if (registry.versions(draft.collection).length === 0) return false;
    if (draft.recordId === null) return createsRecords(user);
    return (await recordFor(user, draft.collection, draft.key)) !== undefined;
  };
  const notFound = (reply: FastifyReply) => reply.status(404).send(errorBody(404, "not_found", "No such draft"));
  /** Before the body is read: an unknown collection is 404, a role that cannot write cases 403. */
  const guard = async (request: FastifyRequest<{ Params: { collection: string } }>, reply: FastifyReply): Promise<void> => {
    if (registry.versions(request.params.collection).length === 0) await reply.status(404).send(errorBody(404, "not_found", `No collection ${request.params.collection}`));
    else if (writerRole(request.user!) === null) await reply.status(403).send(errorBody(403, "forbidden", "Your role can read cases but not change them, so it keeps no drafts"));
  };

  app.get(
    "/drafts",
    { schema: { tags: ["records"], summary: "The caller's own drafts (unsaved answers), newest first", response: { 200: draftListSchema, ...errors } } },
    async (request) => {
      const user = request.user!;
      const items: DraftBody[] = [];
      for (const draft of await store.listDrafts(user.id)) if (await usable(user, draft)) items.push(view(draft));
      return { items };
    },
  );

  app.get<{ Params: Params }>(
    "/collections/:collection/drafts/:key",
    { schema: { tags: ["records"], summary: "One of the caller's drafts", params: draftParamsSchema, response: { 200: draftSchema, ...errors } }, preValidation: guard, schemaErrorFormatter: draftParams },
    async (request, reply) => {
      const user = request.user!;
      const draft = await store.getDraft(user.id, request.params.collection, request.params.key);
      if (!draft || !(await usable(user, draft))) return notFound(reply);
      return view(draft);
    },
  );

  app.put<{ Params: Params; Body: DraftWriteRequest }>(
    "/collections/:collection/drafts/:key",
    {
      schema: { tags: ["records"], summary: "Keep the caller's unsaved answers (nothing but the envelope is checked)", params: draftParamsSchema, body: draftWriteRequestSchema, response: { 200: draftSchema, ...errors } },
      bodyLimit: DRAFT_BODY_LIMIT,
      preValidation: guard,
      schemaErrorFormatter: (errs, dataVar) => (dataVar === "params" ? draftParams : draftBody)(errs, dataVar),
    },
    async (request, reply) => {
      const user = request.user!;
      const { collection, key } = request.params;
      const isNew = key.startsWith(NEW_DRAFT_PREFIX);
      if (isNew && !createsRecords(user)) return reply.status(403).send(errorBody(403, "forbidden", "Only ICB editors can add cases"));
      const record = await recordFor(user, collection, key);
      if (record === undefined) return notFound(reply);
      const { version, data } = request.body;
      if (!registry.get(collection, version)) return reply.status(422).send(fieldError("/version", "unknown_version", `"version" must be one of ${registry.versions(collection).map((v) => v.form.version).join(", ")}`));
      if (record && record.version !== version) return reply.status(422).send(fieldError("/version", "wrong_version", `"version" must be ${record.version}, the version the case is recorded under`));
      const basedOnRevision = record ? (request.body.basedOnRevision ?? record.revision) : null;
      if (record && basedOnRevision !== null && basedOnRevision > record.revision) {
        return reply.status(422).send(fieldError("/basedOnRevision", "unknown_revision", `"basedOnRevision" must be at most ${record.revision}, the case's latest revision`));
      }
      const existing = await store.getDraft(user.id, collection, key);
      if (!existing && (await store.countDrafts(user.id)) >= MAX_DRAFTS_PER_USER) {
        return reply.status(409).send(errorBody(409, "too_many_drafts", `You already have ${MAX_DRAFTS_PER_USER} unsaved cases. Save or discard some of them first.`));
      }
      const saved = await store.saveDraft({ userId: user.id, collection, key, recordId: record ? record.id : null, version, data, basedOnRevision, retentionSeconds: retentionSeconds() });
      return view(saved);
    },
  );

  app.delete<{ Params: Params }>(
    "/collections/:collection/drafts/:key",
    { schema: { tags: ["records"], summary: "Discard one of the caller's drafts", params: draftParamsSchema, response: { ...errors } }, preValidation: guard, schemaErrorFormatter: draftParams },
    async (request, reply) => {
      // The author may always discard their own answers, even of a case they can no longer see.
      const deleted = await store.deleteDraft(request.user!.id, request.params.collection, request.params.key);
      return deleted ? reply.status(204).send() : notFound(reply);
    },
  );
}

/** A draft key sent with a create (x-draft-key): that new case's draft is deleted once it is saved. */
export function newDraftKeyOf(request: FastifyRequest): string | null {
  const header = request.headers["x-draft-key"];
  return typeof header === "string" && /^new-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(header) ? header : null;
}

function view(draft: Draft): DraftBody {
  return {
    collection: draft.collection,
    key: draft.key,
    recordId: draft.recordId,
    version: draft.version,
    data: draft.data,
    basedOnRevision: draft.basedOnRevision,
    updatedAt: draft.updatedAt,
    expiresAt: draft.expiresAt,
  };
}

function fieldError(path: string, code: string, message: string) {
  return errorBody(422, "validation_failed", message, { errors: [{ path, code, message }] });
}

