/**
 * Record routes: list, create, read, update (If-Match), history. Every write runs the
 * compiled validator of the record's version, then the checks that need the database (owner
 * open today, unique identifier). A record outside the caller's scope is 404 everywhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CompiledForm, RegisteredForm } from "../../engine/index.ts";
import { changedItems, type RecordData, type RecordFilter, type RecordQuery, type StoredRecord } from "../../storage/index.ts";
import { createsRecords, itemsNotWritable, readsRecords, writerRole } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { closedOwnerMessage } from "../owner-check.ts";
import { uniqueConstraints } from "../../ops/index.ts";
import { requireUser } from "./auth.ts";
import { errorBody } from "./errors.ts";
import { IF_MATCH_MALFORMED, IF_MATCH_MISSING, readIfMatch } from "./if-match.ts";
import { recordView, historyView } from "./record-views.ts";

type Params = { collection: string; id: string };
const MAX_PAGE_SIZE = 500;

export async function recordsPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { store, visibility } = context;
  app.addHook("onRequest", requireUser);

  /** The collection, or a 404 reply; standards admins get 403 on record contents. */
  const collectionFor = async (request: FastifyRequest<{ Params: { collection: string } }>, reply: FastifyReply): Promise<RegisteredForm | undefined> => {
    const published = context.registry.published(request.params.collection) ?? context.registry.versions(request.params.collection)[0];
    if (!published) {
      await reply.status(404).send(errorBody(404, `No collection ${request.params.collection}`));
      return undefined;
    }
    if (!readsRecords(request.user!)) {
      await reply.status(403).send(errorBody(403, "Standards admins manage definitions, not case records"));
      return undefined;
    }
    return published;
  };

  /** The record if it exists and the caller may see it; otherwise a 404 that says nothing more. */
  const visibleRecord = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<StoredRecord | undefined> => {
    const record = await store.getRecord(request.params.collection, request.params.id);
    if (!record || !visibility.canSee(request.user!, record.ownerOrg)) {
      await reply.status(404).send(errorBody(404, "No such record"));
      return undefined;
    }
    return record;
  };

  app.get<{ Params: { collection: string }; Querystring: Record<string, string | string[]> }>(
    "/api/collections/:collection/records",
    { schema: { tags: ["records"], summary: "List the records the caller may see, newest first", querystring: { type: "object", additionalProperties: { type: "string" } } } },
    async (request, reply) => {
      const entry = await collectionFor(request, reply);
      if (!entry) return reply;
      const parsed = parseListQuery(request.query, entry.form);
      if ("error" in parsed) return reply.status(400).send(errorBody(400, parsed.error));
      let owners = visibility.owners(request.user!);
      if (parsed.owner) owners = owners === "all" || owners.includes(parsed.owner) ? [parsed.owner] : [];
      const page = await store.listRecords({ collection: entry.form.collection.id, owners, ...parsed.query });
      return {
        items: await Promise.all(page.items.map((r) => recordView(r, context))),
        total: page.total,
        page: parsed.query.page,
        pageSize: parsed.query.pageSize,
      };
    },
  );

  app.post<{ Params: { collection: string }; Body: unknown }>(
    "/api/collections/:collection/records",
    { schema: { tags: ["records"], summary: "Create a record under the published version", body: { type: "object", required: ["data"], properties: { data: { type: "object" } } } } },
    async (request, reply) => {
      const entry = await collectionFor(request, reply);
      if (!entry) return reply;
      const user = request.user!;
      if (!createsRecords(user)) return reply.status(403).send(errorBody(403, "Only ICB editors can add cases"));
      const data = dataOf(request.body);
      if ("error" in data) return reply.status(400).send(errorBody(400, data.error));
      if (entry.form.status !== "published") return reply.status(409).send(errorBody(409, `${entry.form.title} is ${entry.form.status}; new records cannot be added`));

      const refused = itemsNotWritable(user, entry.form, Object.keys(data.data), data.data);
      if (refused.length) return reply.status(403).send(notWritable(entry.form, refused));
      const today = context.today();
      const closed = closedOwnerMessage(context.reference, user.orgCode, today);
      if (closed) return reply.status(422).send(errorBody(422, closed, { errors: [] }));
      const result = entry.validate(data.data, { today });
      if (!result.valid) return reply.status(422).send(invalid(result.errors));

      const written = await store.createRecord({
        collection: entry.form.collection.id,
        version: entry.form.version,
        ownerOrg: user.orgCode,
        data: data.data,
        userId: user.id,
        complete: true,
        missing: [],
        unique: uniqueConstraints(entry.form, data.data),
      });
      if (written.kind === "duplicate") return reply.status(422).send(duplicate(entry.form, written.item));
      if (written.kind !== "ok") throw new Error(`unexpected create result ${written.kind}`);
      reply.header("etag", `"${written.record.revision}"`).header("location", `/api/collections/${written.record.collection}/records/${written.record.id}`);
      return reply.status(201).send(await recordView(written.record, context));
    },
  );

  app.get<{ Params: Params }>("/api/collections/:collection/records/:id", { schema: { tags: ["records"], summary: "Read a record" } }, async (request, reply) => {
    if (!(await collectionFor(request, reply))) return reply;
    const record = await visibleRecord(request, reply);
    if (!record) return reply;
    reply.header("etag", `"${record.revision}"`);
    return recordView(record, context);
  });

  app.put<{ Params: Params; Body: unknown }>(
    "/api/collections/:collection/records/:id",
    {
      schema: {
        tags: ["records"],
        summary: "Replace a record's data; If-Match must carry the revision last read",
        headers: { type: "object", properties: { "if-match": { type: "string" } } },
        body: { type: "object", required: ["data"], properties: { data: { type: "object" } } },
      },
    },
    async (request, reply) => {
      if (!(await collectionFor(request, reply))) return reply;
      const user = request.user!;
      const record = await visibleRecord(request, reply);
      if (!record) return reply;
      if (writerRole(user) === null) return reply.status(403).send(errorBody(403, "Your role can read cases but not change them"));
      const ifMatch = readIfMatch(request);
      if (ifMatch.kind === "missing") return reply.status(428).send(errorBody(428, IF_MATCH_MISSING));
      if (ifMatch.kind === "malformed") return reply.status(400).send(errorBody(400, IF_MATCH_MALFORMED));
      const data = dataOf(request.body);
      if ("error" in data) return reply.status(400).send(errorBody(400, data.error));

      const entry = context.registry.get(record.collection, record.version);
      if (!entry) throw new Error(`record ${record.id} has unknown version ${record.version}`);
      if (entry.form.status === "retired") {
        return reply.status(409).send(errorBody(409, `This record is held under ${entry.form.title}, which is retired and read-only. It can be changed once it has been migrated to the current version.`));
      }
      if (ifMatch.revision !== record.revision) return reply.status(412).send(stale(record.revision));

      const changes = changedItems(record.data, data.data);
      // Saving without changes makes no revision (and so cannot make others' edits stale).
      if (changes.length === 0) {
        reply.header("etag", `"${record.revision}"`);
        return recordView(record, context);
      }
      const refused = itemsNotWritable(user, entry.form, changes, data.data);
      if (refused.length) return reply.status(403).send(notWritable(entry.form, refused));
      const today = context.today();
      const closed = closedOwnerMessage(context.reference, record.ownerOrg, today);
      if (closed) return reply.status(422).send(errorBody(422, closed, { errors: [] }));
      const result = entry.validate(data.data, { today, previous: record.data });
      if (!result.valid) return reply.status(422).send(invalid(result.errors));

      const written = await store.updateRecord({
        collection: record.collection,
        id: record.id,
        expectedRevision: ifMatch.revision,
        version: record.version,
        data: data.data,
        userId: user.id,
        complete: true,
        missing: [],
        unique: uniqueConstraints(entry.form, data.data),
      });
      if (written.kind === "conflict") return reply.status(412).send(stale(written.currentRevision));
      if (written.kind === "duplicate") return reply.status(422).send(duplicate(entry.form, written.item));
      if (written.kind !== "ok") return reply.status(404).send(errorBody(404, "No such record"));
      reply.header("etag", `"${written.record.revision}"`);
      return recordView(written.record, context);
    },
  );

  app.get<{ Params: Params }>("/api/collections/:collection/records/:id/history", { schema: { tags: ["records"], summary: "Every revision of a record, with what changed" } }, async (request, reply) => {
    if (!(await collectionFor(request, reply))) return reply;
    const record = await visibleRecord(request, reply);
    if (!record) return reply;
    return historyView(record.collection, await store.history(record.collection, record.id), context);
  });
}

function dataOf(body: unknown): { data: RecordData } | { error: string } {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { error: 'Send a JSON object like {"data": {...}}' };
  const extra = Object.keys(body).filter((k) => k !== "data");
  if (extra.length) return { error: `Unexpected ${extra.map((k) => `"${k}"`).join(", ")}: send only {"data": {...}}` };
  const data = (body as { data?: unknown }).data;
  if (!data || typeof data !== "object" || Array.isArray(data)) return { error: '"data" must be a JSON object of item keys and answers' };
  return { data: data as RecordData };
}


function invalid(errors: { path: string; code: string; message: string }[]) {
  return errorBody(422, `There ${errors.length === 1 ? "is a problem" : `are ${errors.length} problems`} with this case`, { errors });
}

function duplicate(form: CompiledForm, itemKey: string) {
  const item = form.items.find((i) => i.key === itemKey);
  const message = item?.messages.unique ?? "Another record already has this value";
  return errorBody(422, message, { errors: [{ path: `/${itemKey}`, code: "duplicate_value", message }] });
}

function stale(currentRevision: number) {
  return { ...errorBody(412, `Someone else has changed this case since you opened it (it is now at revision ${currentRevision}). Reload it to see their changes, then make yours again.`), currentRevision };
}

function notWritable(form: CompiledForm, keys: string[]) {
  const labels = keys.map((k) => form.items.find((i) => i.key === k)?.label ?? k);
  return errorBody(403, `Your role may not change: ${labels.join("; ")}`, {
    errors: keys.map((k, i) => ({ path: `/${k}`, code: "not_writable", message: `Your role may not change ${labels[i]}` })),
  });
}

type ListQuery = Omit<RecordQuery, "collection" | "owners">;

/** Query parameters: page, pageSize, q (search), sort, dir, owner, and one per filter item of the collection. */
export function parseListQuery(query: Record<string, string | string[]>, form: CompiledForm): { query: ListQuery; owner?: string } | { error: string } {
  const filterItems = new Map(form.collection.list.filters.map((k) => [k, form.items.find((i) => i.key === k)]));
  const known = new Set(["page", "pageSize", "q", "sort", "dir", "owner", ...filterItems.keys()]);
  for (const key of Object.keys(query)) {
    if (!known.has(key)) return { error: `Unknown query parameter "${key}"; use ${[...known].join(", ")}` };
    if (Array.isArray(query[key])) return { error: `Give "${key}" once` };
  }
  const q = query as Record<string, string | undefined>;
  const wholeNumber = (v: string | undefined, fallback: number) => (v === undefined ? fallback : /^\d{1,9}$/.test(v) ? Number(v) : NaN);
  const page = wholeNumber(q.page, 1);
  const pageSize = wholeNumber(q.pageSize, 50);
  if (!Number.isInteger(page) || page < 1) return { error: '"page" must be a whole number from 1' };
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return { error: `"pageSize" must be a whole number from 1 to ${MAX_PAGE_SIZE}` };
  const sortable = new Set(["updatedAt", "createdAt", ...form.collection.list.columns]);
  const sortBy = q.sort ?? "updatedAt";
  if (!sortable.has(sortBy)) return { error: `"sort" must be one of ${[...sortable].join(", ")}` };
  const dir = q.dir ?? "desc";
  if (dir !== "asc" && dir !== "desc") return { error: '"dir" must be asc or desc' };
  const filters: RecordFilter[] = [];
  for (const [key, item] of filterItems) {
    const value = q[key];
    if (value === undefined || value === "") continue;
    const codes = item?.choices ? form.choiceLists[item.choices]?.choices.map((c) => c.code) : undefined;
    if (codes && !codes.includes(value)) return { error: `"${key}" must be one of ${codes.join(", ")}` };
    filters.push({ item: key, match: item?.type === "multiple_choice" ? "includes" : "equals", value });
  }
  const text = q.q?.trim();
  const search = text ? { items: form.collection.list.search, text } : undefined;
  return {
    query: { filters, ...(search ? { search } : {}), sortBy, sortDir: dir, page, pageSize },
    ...(q.owner ? { owner: q.owner.toUpperCase() } : {}),
  };
}
