/**
 * Reading the audit trail (national users): who signed in, looked at, changed or extracted
 * what, newest first, filtered by user, case, action and time, a page at a time (keyset on the
 * entry's seq, so a page never shifts as new entries arrive).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { auditBodySchema, auditQuerySchema, errorBodySchema, MAX_AUDIT_PAGE_SIZE, type AuditBody, type AuditQueryParams, type PublicUser } from "../../api/index.ts";
import { isIsoDate } from "../../engine/index.ts";
import { endOfDayInLondon } from "../../ops/index.ts";
import { AUDIT_ACTIONS, type AuditAction, type AuditQuery } from "../../storage/index.ts";
import { viewsAudit } from "../access.ts";
import { ACTION_NAMES, actionName } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { publicUser } from "./auth.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody, type ErrorBody } from "./errors.ts";

const DEFAULT_PAGE_SIZE = 50;
const MOMENT_WORDS = "a day like 2026-11-21 (UK time) or an instant like 2026-11-21T09:30:00Z";

/** Before the query is looked at: only national users read the trail. */
async function nationalOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!viewsAudit(request.user!)) await reply.status(403).send(errorBody(403, "forbidden", "Only national users see the audit trail"));
}

export async function auditTrailPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { store } = context;

  app.get<{ Querystring: AuditQueryParams }>(
    "/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "The audit trail, newest first (national users): filter by user, case, action and time; page with `before`",
        querystring: auditQuerySchema,
        response: { 200: auditBodySchema, "4xx": errorBodySchema },
      },
      preValidation: nationalOnly,
      schemaErrorFormatter: envelopeErrors({
        fields: {
          user: "a user's id or username",
          case: "a case's record id",
          collection: "a collection's id",
          action: "one or more action codes",
          from: MOMENT_WORDS,
          to: MOMENT_WORDS,
          before: "a whole number: the previous page's next",
          pageSize: `a whole number from 1 to ${MAX_AUDIT_PAGE_SIZE}`,
        },
      }),
    },
    async (request, reply): Promise<AuditBody | typeof reply> => {
      const parsed = await parseAuditQuery(request.query, context);
      if ("error" in parsed) return reply.status(400).send(parsed.error);
      const page = await store.listAudit(parsed);

      // A page names few people many times over: each is looked up once.
      const people = new Map<string, PublicUser | null>();
      const person = async (id: string | null): Promise<PublicUser | null> => {
        if (id === null) return null;
        if (!people.has(id)) {
          const user = await store.getUser(id);
          people.set(id, user ? publicUser(user, context) : null);
        }
        return people.get(id)!;
      };
      const items: AuditBody["items"] = [];
      for (const entry of page.items) {
        items.push({
          seq: entry.seq,
          at: entry.at,
          action: entry.action,
          actionName: actionName(entry.action, entry.details),
          user: await person(entry.userId),
          actor: entry.actor,
          ip: entry.ip,
          collection: entry.collection,
          recordId: entry.recordId,
          subjectUserId: entry.subjectUserId,
          subjectUser: await person(entry.subjectUserId),
          details: entry.details,
        });
      }
      reply.header("cache-control", "no-store");
      return { items, next: page.next, actions: AUDIT_ACTIONS.map((code) => ({ code, name: ACTION_NAMES[code] })) };
    },
  );
}

function badParameter(name: string, message: string): { error: ErrorBody } {
  return { error: errorBody(400, "invalid_request", message, { errors: [{ path: `/${name}`, code: "invalid_parameter", message }] }) };
}

/**
 * The store's query for the parameters, or a 400 naming the parameter at fault. An empty
 * filter is no filter (a form sends its empty fields).
 */
export async function parseAuditQuery(query: AuditQueryParams, context: ServerContext): Promise<AuditQuery | { error: ErrorBody }> {
  const out: AuditQuery = { limit: query.pageSize === undefined ? DEFAULT_PAGE_SIZE : Number(query.pageSize) };
  if (query.before !== undefined) out.beforeSeq = Number(query.before);

  const user = query.user?.trim();
  if (user) {
    // A username names a current account; anything else is taken as an id, which may be of an
    // account since removed (its entries stay in the trail).
    out.userId = (await context.store.getUserByUsername(user))?.id ?? user;
  }
  const recordId = query.case?.trim();
  if (recordId) out.recordId = recordId;
  const collection = query.collection?.trim();
  if (collection) out.collection = collection;

  const codes = (Array.isArray(query.action) ? query.action : query.action === undefined ? [] : [query.action])
    .flatMap((a) => a.split(","))
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (codes.length) {
    const unknown = codes.filter((c) => !(AUDIT_ACTIONS as readonly string[]).includes(c));
    if (unknown.length) return badParameter("action", `"action" must be one or more of ${AUDIT_ACTIONS.join(", ")}; ${unknown.map((c) => `"${c}"`).join(", ")} ${unknown.length === 1 ? "is" : "are"} not`);
    out.actions = [...new Set(codes)] as AuditAction[];
  }

  for (const edge of ["from", "to"] as const) {
    const text = query[edge]?.trim();
    if (!text) continue;
    const moment = momentOf(text, edge);
    if (moment === undefined) return badParameter(edge, `"${edge}" must be ${MOMENT_WORDS}; "${text}" is not`);
    out[edge] = moment;
  }
  if (out.from !== undefined && out.to !== undefined && out.from >= out.to) return badParameter("to", `"to" must be later than "from": nothing can fall between ${query.from} and ${query.to}`);
  return out;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A bound as the stored instants are written (ISO, UTC, milliseconds), so that they compare as
 * text. A day starts at midnight in London; as `to`, the whole day is included.
 */
function momentOf(text: string, edge: "from" | "to"): string | undefined {
  if (isIsoDate(text)) {
    const day = edge === "from" ? dayBefore(text) : text;
    try {
      // The instant after the last millisecond of that day is the next day's midnight in London.
      return new Date(Date.parse(endOfDayInLondon(day)) + 1).toISOString();
    } catch {
      // Days far from ours (London kept local mean time before 1847) have no such midnight.
      return undefined;
    }
  }
  const instant = INSTANT.exec(text);
  if (!instant || !isIsoDate(instant[1])) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
