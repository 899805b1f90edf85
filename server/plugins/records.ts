/**
 * Record routes: list, create, read, update (If-Match), history. Fastify checks each
 * request's envelope against api/'s schemas; every write runs the compiled validator of the
 * record's version, then the checks that need the database (owner open today, unique
 * identifier). A record outside the caller's scope is 404 everywhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  errorBodySchema,
  historyBodySchema,
  ifMatchHeadersSchema,
  listQuerySchema,
  MAX_PAGE_SIZE,
  recordPageSchema,
  recordParamsSchema,
  collectionParamsSchema,
  recordSchema,
  recordWriteRequestSchema,
  type FieldError,
  type RecordPage,
  type RecordWriteRequest,
} from "../../api/index.ts";
import { withoutBlankAnswers, type CompiledForm, type RegisteredForm } from "../../engine/index.ts";
import { changedItems, type StoredRecord } from "../../storage/index.ts";
import { createsRecords, itemsNotWritable, ownerStatus, readerRole, readsRecords, writerRole } from "../access.ts";
import { audit, auditEntry } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { learningEntry, recordUpdate, uniqueConstraints } from "../../ops/index.ts";
import { newDraftKeyOf } from "./drafts.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody, type ErrorBody } from "./errors.ts";
import { ownerChoices } from "./list-choices.ts";
import { parseListQuery, viewsFor, type BadParameter } from "./list-query.ts";
import { IF_MATCH_MALFORMED, IF_MATCH_MISSING, readIfMatch } from "./if-match.ts";
import { historyView, recordView } from "./record-views.ts";

type Params = { collection: string; id: string };
type CollectionRequest = FastifyRequest<{ Params: { collection: string } }>;

const errors = { "4xx": errorBodySchema };
const recordBody = envelopeErrors({ shape: '{"data": {...}}', fields: { data: "a JSON object of item keys and answers" } });
const listQueryWords = envelopeErrors({
  fields: { page: "a whole number from 1", pageSize: `a whole number from 1 to ${MAX_PAGE_SIZE}`, dir: "asc or desc", cursor: 'the "next" of a previous page of this list' },
});

export async function recordsPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { store, visibility } = context;
  const listChoices = ownerChoices(context);

  /** The collection's current version (or its only one); undefined for an unknown collection. */
  const currentOf = (collection: string): RegisteredForm | undefined => context.registry.published(collection) ?? context.registry.versions(collection)[0];

  /**
   * Before the body is checked: an unknown collection is 404 and a role without access to
   * record contents 403, whatever was sent.
   */
  const collectionGuard = async (request: CollectionRequest, reply: FastifyReply): Promise<void> => {
    if (!currentOf(request.params.collection)) {
      await reply.status(404).send(errorBody(404, "not_found", `No collection ${request.params.collection}`));
    } else if (!readsRecords(request.user!)) {
      await reply.status(403).send(errorBody(403, "forbidden", "Standards admins manage definitions, not case records"));
    }
  };
  const createGuard = async (request: CollectionRequest, reply: FastifyReply): Promise<void> => {
    await collectionGuard(request, reply);
    if (!reply.sent && !createsRecords(request.user!)) await reply.status(403).send(errorBody(403, "forbidden", "Only ICB editors can add cases"));
  };
  /** Only called after collectionGuard has let the request through. */
  const entryOf = (collection: string): RegisteredForm => {
    const entry = currentOf(collection);
    if (!entry) throw new Error(`collection ${collection} vanished after its guard`);
    return entry;
  };

  /** The record if it exists and the caller may see it; otherwise a 404 that says nothing more. */
  const visibleRecord = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<StoredRecord | undefined> => {
    const record = await store.getRecord(request.params.collection, request.params.id);
    if (!record || !visibility.canSee(request.user!, record.ownerOrg)) {
      await reply.status(404).send(errorBody(404, "not_found", "No such record"));
      return undefined;
    }
    return record;
  };

  app.get<{ Params: { collection: string }; Querystring: Record<string, string> }>(
    "/collections/:collection/records",
    {
      schema: {
        tags: ["records"],
        summary: "List the records the caller may see, newest first; each collection's filter items are further parameters",
        params: collectionParamsSchema,
        querystring: listQuerySchema,
        response: { 200: recordPageSchema, ...errors },
      },
      preValidation: collectionGuard,
      schemaErrorFormatter: listQueryWords,
    },
    async (request, reply) => {
      const entry = entryOf(request.params.collection);
      const user = request.user!;
      const role = readerRole(user);
      const parsed = parseListQuery(request.query, entry.form, role, new Date());
      if ("parameter" in parsed) return reply.status(400).send(badParameter(parsed));
      const { reference } = context;
      if (parsed.owner && !reference.find(parsed.owner)) return reply.status(400).send(badParameter({ parameter: "owner", message: `"owner": there is no organisation ${parsed.owner}` }));
      if (parsed.region && !reference.find(parsed.region, { type: "region" })) return reply.status(400).send(badParameter({ parameter: "region", message: `"region": there is no region ${parsed.region}` }));
      // Narrowing never widens: an owner or region outside the caller's scope leaves nothing.
      let owners = visibility.owners(user);
      if (parsed.owner) owners = within(owners, [parsed.owner]);
      if (parsed.region) owners = within(owners, visibility.inRegion(parsed.region));
      if (parsed.contradictory) owners = [];
      const page = await store.listRecords({ collection: entry.form.collection.id, owners, ...parsed.query });
      const body: RecordPage = {
        items: await Promise.all(page.items.map((r) => recordView(r, context, user))),
        total: page.total,
        totalCapped: page.totalCapped,
        next: page.next,
        page: parsed.query.page,
        pageSize: parsed.query.pageSize,
        views: viewsFor(entry.form, role).map((v) => ({ id: v.id, title: v.title })),
        view: parsed.view?.id ?? null,
        ...listChoices(user),
      };
      return body;
    },
  );

  app.post<{ Params: { collection: string }; Body: RecordWriteRequest }>(
    "/collections/:collection/records",
    {
      schema: { tags: ["records"], summary: "Create a record under the published version", params: collectionParamsSchema, body: recordWriteRequestSchema, response: { 201: recordSchema, ...errors } },
      preValidation: createGuard,
      schemaErrorFormatter: recordBody,
    },
    async (request, reply) => {
      const entry = entryOf(request.params.collection);
      const user = request.user!;
      const data = withoutBlankAnswers(entry.form.items, request.body.data);
      if (entry.form.status !== "published") return reply.status(409).send(errorBody(409, "not_published", `${entry.form.title} is ${entry.form.status}; new records cannot be added`));

      const refused = itemsNotWritable(user, entry.form, Object.keys(data), data);
      if (refused.length) return reply.status(403).send(notWritable(entry.form, refused));
      const today = context.today();
      const owner = ownerStatus(context.reference, user.orgCode, today);
      if (!owner.open) return reply.status(422).send(ownerClosed(owner));
      const result = entry.validate(data, { today });
      if (!result.valid) return reply.status(422).send(invalid(result));

      const written = await store.createRecord({
        collection: entry.form.collection.id,
        version: entry.form.version,
        ownerOrg: user.orgCode,
        data,
        userId: user.id,
        complete: true,
        missing: [],
        unique: uniqueConstraints(entry.form, data),
        search: learningEntry(entry.form, data),
        audit: (record) => auditEntry(request, { action: "case_created", collection: record.collection, recordId: record.id, details: { version: record.version, revision: record.revision } }),
      });
      if (written.kind === "duplicate") return reply.status(422).send(duplicate(entry.form, written.item));
      if (written.kind !== "ok") throw new Error(`unexpected create result ${written.kind}`);
      // The author's unsaved answers for this case are now the case.
      const draftKey = newDraftKeyOf(request);
      if (draftKey) await store.deleteDraft(user.id, written.record.collection, draftKey);
      reply.header("etag", `"${written.record.revision}"`).header("location", `/api/collections/${written.record.collection}/records/${written.record.id}`);
      return reply.status(201).send(await recordView(written.record, context, user));
    },
  );

  app.get<{ Params: Params }>(
    "/collections/:collection/records/:id",
    { schema: { tags: ["records"], summary: "Read a record", params: recordParamsSchema, response: { 200: recordSchema, ...errors } }, preValidation: collectionGuard },
    async (request, reply) => {
      const record = await visibleRecord(request, reply);
      if (!record) return reply;
      await audit(context, request, { action: "case_viewed", collection: record.collection, recordId: record.id, details: { revision: record.revision } });
      reply.header("etag", `"${record.revision}"`);
      return recordView(record, context, request.user!);
    },
  );

  app.put<{ Params: Params; Body: RecordWriteRequest }>(
    "/collections/:collection/records/:id",
    {
      schema: {
        tags: ["records"],
        summary: "Replace a record's data; If-Match must carry the revision last read",
        params: recordParamsSchema,
        headers: ifMatchHeadersSchema,
        body: recordWriteRequestSchema,
        response: { 200: recordSchema, ...errors },
      },
      preValidation: collectionGuard,
      schemaErrorFormatter: recordBody,
    },
    async (request, reply) => {
      const user = request.user!;
      const record = await visibleRecord(request, reply);
      if (!record) return reply;
      if (writerRole(user) === null) return reply.status(403).send(errorBody(403, "forbidden", "Your role can read cases but not change them"));
      const ifMatch = readIfMatch(request);
      if (ifMatch.kind === "missing") return reply.status(428).send(errorBody(428, "if_match_required", IF_MATCH_MISSING));
      if (ifMatch.kind === "malformed") return reply.status(400).send(errorBody(400, "invalid_if_match", IF_MATCH_MALFORMED));

      const entry = context.registry.get(record.collection, record.version);
      if (!entry) throw new Error(`record ${record.id} has unknown version ${record.version}`);
      // Blank answers are no answers: a save that only adds blanks changes nothing.
      const data = withoutBlankAnswers(entry.form.items, request.body.data);
      if (entry.form.status === "retired") {
        return reply.status(409).send(errorBody(409, "retired_version", `This record is held under ${entry.form.title}, which is retired and read-only. It can be changed once it has been migrated to the current version.`));
      }
      if (ifMatch.revision !== record.revision) return reply.status(412).send(stale(record.revision));

      const changes = changedItems(record.data, data);
      // Saving without changes makes no revision (and so cannot make others' edits stale).
      if (changes.length === 0) {
        await store.deleteDraft(user.id, record.collection, record.id);
        reply.header("etag", `"${record.revision}"`);
        return recordView(record, context, user);
      }
      const refused = itemsNotWritable(user, entry.form, changes, data);
      if (refused.length) return reply.status(403).send(notWritable(entry.form, refused));
      const today = context.today();
      const owner = ownerStatus(context.reference, record.ownerOrg, today);
      if (!owner.open) return reply.status(422).send(ownerClosed(owner));
      const result = entry.validate(data, { today, previous: record.data });
      if (!result.valid) return reply.status(422).send(invalid(result));

      // A write that passed the validator makes the record complete (a migrated record may not have been).
      const written = await store.updateRecord({
        ...recordUpdate(record, entry.form, user.id, { data, complete: true, missing: [] }, ifMatch.revision),
        // Which items changed, never their values: the trail must not become a copy of the case.
        audit: (changed) => auditEntry(request, { action: "case_changed", collection: changed.collection, recordId: changed.id, details: { items: changes, revision: changed.revision } }),
      });
      if (written.kind === "conflict") return reply.status(412).send(stale(written.currentRevision));
      if (written.kind === "duplicate") return reply.status(422).send(duplicate(entry.form, written.item));
      if (written.kind !== "ok") return reply.status(404).send(errorBody(404, "not_found", "No such record"));
      await store.deleteDraft(user.id, record.collection, record.id);
      reply.header("etag", `"${written.record.revision}"`);
      return recordView(written.record, context, user);
    },
  );

  app.get<{ Params: Params }>(
    "/collections/:collection/records/:id/history",
    { schema: { tags: ["records"], summary: "Every revision of a record, with what changed", params: recordParamsSchema, response: { 200: historyBodySchema, ...errors } }, preValidation: collectionGuard },
    async (request, reply) => {
      const record = await visibleRecord(request, reply);
      if (!record) return reply;
      await audit(context, request, { action: "case_history_viewed", collection: record.collection, recordId: record.id, details: { revision: record.revision } });
      return historyView(record.collection, await store.history(record.collection, record.id), context);
    },
  );
}

function invalid({ errors, moreErrors = 0 }: { errors: FieldError[]; moreErrors?: number }): ErrorBody {
  const count = errors.length + moreErrors;
  return errorBody(422, "validation_failed", `There ${count === 1 ? "is a problem" : `are ${count} problems`} with this case`, { errors, ...(moreErrors ? { moreErrors } : {}) });
}

function ownerClosed(owner: ReturnType<typeof ownerStatus>): ErrorBody {
  return errorBody(422, "owner_closed", owner.message ?? `${owner.name} (${owner.code}) is not open`, { successors: owner.successors });
}

function duplicate(form: CompiledForm, itemKey: string): ErrorBody {
  const item = form.items.find((i) => i.key === itemKey);
  const message = item?.messages.unique ?? "Another record already has this value";
  return errorBody(422, "duplicate_value", message, { errors: [{ path: `/${itemKey}`, code: "duplicate_value", message }] });
}

export function stale(currentRevision: number, message?: string): ErrorBody {
  return errorBody(
    412,
    "stale_revision",
    message ?? `Someone else has changed this case since you opened it (it is now at revision ${currentRevision}). Reload it to see their changes, then make yours again.`,
    { currentRevision },
  );
}

function notWritable(form: CompiledForm, keys: string[]): ErrorBody {
  const labels = keys.map((k) => form.items.find((i) => i.key === k)?.label ?? k);
  return errorBody(403, "not_writable", `Your role may not change: ${labels.join("; ")}`, {
    errors: keys.map((k, i) => ({ path: `/${k}`, code: "not_writable", message: `Your role may not change ${labels[i]}` })),
  });
}

function badParameter({ parameter, message }: BadParameter): ErrorBody {
  return errorBody(400, "invalid_request", message, { errors: [{ path: `/${parameter}`, code: "invalid_parameter", message }] });
}

function within(owners: string[] | "all", allowed: string[]): string[] {
  return owners === "all" ? allowed : owners.filter((o) => allowed.includes(o));
}
