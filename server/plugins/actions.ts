/**
 * The records awaiting one of a collection's actions (collection.yaml `actions` with a
 * `waiting_list`): those in the caller's scope on which the action is offered to them and
 * whose asked items are all blank. Scoped exactly as the records list: a record the caller
 * cannot see is never counted.
 */
import type { FastifyInstance } from "fastify";
import { actionListQuerySchema, actionParamsSchema, errorBodySchema, MAX_PAGE_SIZE, recordPageSchema, type RecordPage } from "../../api/index.ts";
import { awaitsAction, type CompiledAction, type Condition, findAction } from "../../engine/index.ts";
import type { RecordFilter, StoredRecord, User } from "../../storage/index.ts";
import { readsRecords, recordPermissions, roleTakesAction } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";
import { ownerView, recordView } from "./record-views.ts";

const errors = { "4xx": errorBodySchema };
const queryWords = envelopeErrors({ fields: { page: "a whole number from 1", pageSize: `a whole number from 1 to ${MAX_PAGE_SIZE}` } });
/** Records read from the store at a time while looking for those awaiting an action. */
const BATCH = 500;

/**
 * The parts of an action's condition the store can filter by (an equals or includes, alone or
 * within `all`), so that only records that could match are read; the whole condition is still
 * evaluated on each record.
 */
function storeFilters(condition: Condition | undefined): RecordFilter[] {
  if (!condition) return [];
  if ("all" in condition) return condition.all.flatMap(storeFilters);
  if ("equals" in condition) return [{ item: condition.item, match: "equals", values: [condition.equals] }];
  if ("includes" in condition) return [{ item: condition.item, match: "includes", values: [condition.includes] }];
  return [];
}

export async function actionsPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { store, visibility } = context;

  app.get<{ Params: { collection: string; action: string }; Querystring: { page?: string; pageSize?: string } }>(
    "/collections/:collection/actions/:action/records",
    {
      schema: {
        tags: ["records"],
        summary: "The records in the caller's scope awaiting an action they may take (its questions all blank), most recently changed first",
        params: actionParamsSchema,
        querystring: actionListQuerySchema,
        response: { 200: recordPageSchema, ...errors },
      },
      schemaErrorFormatter: queryWords,
    },
    async (request, reply) => {
      const user = request.user!;
      const { collection, action: actionId } = request.params;
      const entry = context.registry.published(collection) ?? context.registry.versions(collection)[0];
      if (!entry) return reply.status(404).send(errorBody(404, "not_found", `No collection ${collection}`));
      if (!readsRecords(user)) return reply.status(403).send(errorBody(403, "forbidden", "Standards admins manage definitions, not case records"));
      const action = findAction(entry.form, actionId);
      if (!action?.waitingList) return reply.status(404).send(errorBody(404, "not_found", `No action ${actionId} with a list of records awaiting it`));
      const page = Number(request.query.page ?? "1");
      const pageSize = Number(request.query.pageSize ?? "50");

      // A role that cannot write what the action asks is never offered it: nothing to read.
      const awaiting = roleTakesAction(user, entry.form, action) ? await recordsAwaiting(entry.form.collection.id, action, user) : [];
      const body: RecordPage = {
        items: await Promise.all(awaiting.slice((page - 1) * pageSize, page * pageSize).map((r) => recordView(r, context, user))),
        total: awaiting.length,
        // The waiting list is gathered whole (each record's permissions decide): counted exactly, paged by number.
        totalCapped: false,
        next: null,
        page,
        pageSize,
        // A waiting list is one list: no views of it, and nothing further to narrow it by.
        views: [],
        view: null,
        regions: [],
        owners: [],
      };
      return body;
    },
  );

  /** Every record of the collection in the user's scope awaiting the action and offering it to them, most recently changed first. */
  async function recordsAwaiting(collection: string, action: CompiledAction, user: User): Promise<StoredRecord[]> {
    const owners = visibility.owners(user);
    const filters = storeFilters(action.when);
    const today = context.today();
    const found: StoredRecord[] = [];
    // By cursor: the count stops at COUNT_LIMIT, the cursor says when the list has ended.
    for (let cursor: string | undefined; ; ) {
      const batch = await store.listRecords({ collection, owners, filters, sortBy: "updatedAt", sortDir: "desc", page: 1, pageSize: BATCH, ...(cursor ? { cursor } : {}) });
      for (const record of batch.items) {
        const form = context.registry.get(record.collection, record.version)?.form;
        if (!form || !awaitsAction(action, record.data)) continue;
        if (recordPermissions(user, form, record, ownerView(context, record.ownerOrg, today).open).actions.includes(action.id)) found.push(record);
      }
      if (!batch.next) return found;
      cursor = batch.next;
    }
  }
}
