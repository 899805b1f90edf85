/**
 * The learning library: a full-text search of the texts a collection's `learning` section
 * names, across every record the caller may see (scoped like every read), narrowed by the
 * section's filter items, a region and the quarter its signed-off date falls in. Nothing
 * here names a collection or an item: all of it comes from the compiled form.
 */
import type { FastifyInstance } from "fastify";
import { collectionParamsSchema, errorBodySchema, learningPageSchema, learningQuerySchema, MAX_LEARNING_PAGE_SIZE, type LearningHit, type LearningPage } from "../../api/index.ts";
import type { CompiledForm, CompiledLearning } from "../../engine/index.ts";
import { ownerOnDay } from "../../organisations/index.ts";
import { choiceFacet, parseQuarter, quarterFacet, recentQuarters } from "../../ops/index.ts";
import { searchTerms } from "../../storage/index.ts";
import { narrowableRegions, readsRecords } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

const DEFAULT_PAGE_SIZE = 20;
/** Five years of quarters to choose from. */
const QUARTERS_OFFERED = 20;

const queryWords = envelopeErrors({
  fields: {
    q: "the words to search for, at most 500 characters",
    page: "a whole number from 1",
    pageSize: `a whole number from 1 to ${MAX_LEARNING_PAGE_SIZE}`,
    region: "an NHS England region's code, like Y62",
    quarter: "a quarter like 2026-27-Q2",
  },
});

interface Narrowing {
  q: string;
  page: number;
  pageSize: number;
  /** Facets every result must have (ops/learning-texts.ts: choice codes, the quarter signed off). */
  facets: string[];
  region?: string;
}

export async function learningPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { registry, store, visibility, reference } = context;

  app.get<{ Params: { collection: string }; Querystring: Record<string, string> }>(
    "/collections/:collection/learning",
    {
      schema: {
        tags: ["records"],
        summary: "Search the lessons and recommendations of every record the caller may see; the collection's learning filter items are further parameters",
        params: collectionParamsSchema,
        querystring: learningQuerySchema,
        response: { 200: learningPageSchema, "4xx": errorBodySchema },
      },
      // Before the query string is checked: whatever was asked, an unknown collection is 404
      // and a role without access to case contents 403.
      preValidation: async (request, reply) => {
        const collection = request.params.collection;
        const form = (registry.published(collection) ?? registry.versions(collection)[0])?.form;
        if (!form) await reply.status(404).send(errorBody(404, "not_found", `No collection ${collection}`));
        else if (!readsRecords(request.user!)) await reply.status(403).send(errorBody(403, "forbidden", "Standards admins manage definitions, not case records"));
        else if (!form.collection.learning) await reply.status(404).send(errorBody(404, "not_found", `${form.collection.title} has no learning library: its collection.yaml names no learning items`));
      },
      schemaErrorFormatter: queryWords,
    },
    async (request, reply): Promise<LearningPage | typeof reply> => {
      const user = request.user!;
      const collection = request.params.collection;
      const form = (registry.published(collection) ?? registry.versions(collection)[0])!.form;
      const learning = form.collection.learning!;
      const today = context.today();
      const regions = narrowableRegions(user, reference, today);
      // Any region may be named; one outside the caller's scope narrows it to nothing.
      const parsed = parseLearningQuery(request.query, form, learning, [...new Set(reference.list("region").map((r) => r.code))]);
      if ("error" in parsed) return reply.status(400).send(errorBody(400, "invalid_request", parsed.error));

      const page: LearningPage = {
        items: [],
        total: 0,
        page: parsed.page,
        pageSize: parsed.pageSize,
        totalCapped: false,
        message: null,
        regions,
        quarters: learning.signedOff ? recentQuarters(today, QUARTERS_OFFERED).map((q) => q.id) : [],
      };
      if (searchTerms(parsed.q).length === 0) {
        page.message = parsed.q.trim() === "" ? "Enter the words to search for" : `"${parsed.q.trim()}" has no words to search for: enter letters or numbers`;
        return page;
      }
      let owners = visibility.owners(user);
      if (parsed.region) {
        const inRegion = visibility.inRegion(parsed.region);
        owners = owners === "all" ? inRegion : owners.filter((o) => inRegion.includes(o));
      }
      const found = await store.searchTexts({
        collection: form.collection.id,
        query: parsed.q,
        owners,
        facets: parsed.facets,
        page: parsed.page,
        pageSize: parsed.pageSize,
      });
      page.total = found.total;
      page.totalCapped = found.capped;
      for (const hit of found.items) {
        const record = await store.getRecord(form.collection.id, hit.recordId);
        // Written between the count and now? Only what the caller may still see is shown.
        if (!record || !visibility.canSee(user, record.ownerOrg)) continue;
        const owner = ownerOnDay(reference, hit.ownerOrg, today);
        const title = form.collection.recordTitle ? record.data[form.collection.recordTitle] : undefined;
        const item: LearningHit = {
          recordId: hit.recordId,
          title: typeof title === "string" && title.trim() !== "" ? title : null,
          ownerOrg: hit.ownerOrg,
          owner: { code: owner.code, name: owner.name },
          region: owner.region,
          item: hit.item,
          itemLabel: form.items.find((i) => i.key === hit.item)?.label ?? hit.item,
          passage: hit.passage,
          filters: Object.fromEntries(learning.filters.map((key) => [key, codesOf(record.data[key])])),
        };
        page.items.push(item);
      }
      return page;
    },
  );
}

function codesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * The search's parameters, once Fastify has checked the fixed ones' shape: the filter items
 * (from the collection's learning section) and the values that need the definitions or the
 * reference data are checked here, each refusal naming the parameter.
 */
export function parseLearningQuery(query: Record<string, string>, form: CompiledForm, learning: CompiledLearning, regionCodes: string[]): Narrowing | { error: string } {
  const known = ["q", "page", "pageSize", "region", ...(learning.signedOff ? ["quarter"] : []), ...learning.filters];
  for (const key of Object.keys(query)) {
    if (!known.includes(key)) return { error: `Unknown query parameter "${key}"; use ${known.join(", ")}` };
  }
  const q = query as Partial<Record<string, string>>;
  const narrowing: Narrowing = { q: q.q ?? "", page: q.page ? Number(q.page) : 1, pageSize: q.pageSize ? Number(q.pageSize) : DEFAULT_PAGE_SIZE, facets: [] };
  for (const key of learning.filters) {
    const value = q[key];
    if (value === undefined || value === "") continue;
    const item = form.items.find((i) => i.key === key);
    const codes = item?.choices ? (form.choiceLists[item.choices]?.choices.map((c) => c.code) ?? []) : [];
    if (!codes.includes(value)) return { error: `"${key}" must be one of ${codes.join(", ")}` };
    narrowing.facets.push(choiceFacet(key, value));
  }
  if (q.region) {
    const region = q.region.toUpperCase();
    if (!regionCodes.includes(region)) return { error: `"region" must be an NHS England region's code: one of ${regionCodes.join(", ")}` };
    narrowing.region = region;
  }
  if (q.quarter && learning.signedOff) {
    const quarter = parseQuarter(q.quarter);
    if ("error" in quarter) return { error: `"quarter": ${quarter.error}` };
    narrowing.facets.push(quarterFacet(learning.signedOff, quarter.id));
  }
  return narrowing;
}
