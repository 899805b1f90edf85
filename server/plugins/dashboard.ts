/**
 * The assurance dashboard's figures for a day or quarter, scoped like every read (national
 * users England, regional users their region, ICB users their own ICB), with the narrowing a
 * caller may ask for: a region (national users) or one owner within their scope.
 */
import type { FastifyInstance } from "fastify";
import { collectionParamsSchema, dashboardBodySchema, dashboardQuerySchema, errorBodySchema, type DashboardBody, type DashboardQuery } from "../../api/index.ts";
import { dashboardFigures, quarterBefore, quarterLabel, quarterOf, resolveAsAt } from "../../ops/index.ts";
import { dashboardScope } from "../access.ts";
import { audit } from "../audit.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

/** How long a request waits for a first reading of a large collection before answering 503 with progress. */
const WAIT_MS = 5000;

export async function dashboardPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { registry, dashboards, reference, visibility } = context;
  app.addHook("onClose", async () => dashboards.stop());

  app.get<{ Params: { collection: string }; Querystring: DashboardQuery }>(
    "/collections/:collection/dashboard",
    {
      schema: {
        tags: ["records"],
        summary: "The assurance dashboard's figures: records open, opened and closed in the quarter, breakdowns, owners, progress, data quality and an eight-quarter trend",
        params: collectionParamsSchema,
        querystring: dashboardQuerySchema,
        response: { 200: dashboardBodySchema, "4xx": errorBodySchema, 503: errorBodySchema },
      },
      schemaErrorFormatter: envelopeErrors({ fields: { quarter: "a quarter like 2026-27-Q2", asAt: "a date like 2026-09-30", region: "a region code like Y62", owner: "an organisation code" } }),
    },
    async (request, reply): Promise<DashboardBody | typeof reply> => {
      const user = request.user!;
      const collection = request.params.collection;
      if (!registry.versions(collection).length) return reply.status(404).send(errorBody(404, "not_found", `No collection ${collection}`));
      const asAt = resolveAsAt({ quarter: request.query.quarter, asAt: request.query.asAt }, context.today());
      const scope = dashboardScope(user, visibility, reference, { region: request.query.region, owner: request.query.owner }, "error" in asAt ? context.today() : asAt.asAt);
      if ("forbidden" in scope) return reply.status(403).send(errorBody(403, "forbidden", scope.forbidden));
      if (!registry.published(collection)) return reply.status(409).send(errorBody(409, "not_published", `${collection} has no published version to count in`));
      const projection = dashboards.of(collection);
      if (!projection) return reply.status(404).send(errorBody(404, "not_found", `${collection} has no dashboard: its collection.yaml declares none`));
      if ("error" in asAt) return reply.status(400).send(errorBody(400, "invalid_request", asAt.error));

      const ready = await Promise.race([projection.catchUp().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), WAIT_MS).unref())]);
      if (!ready) {
        const progress = projection.reading ?? { done: 0, total: 0 };
        return reply
          .status(503)
          .header("retry-after", "5")
          .send({ ...errorBody(503, "preparing", `The dashboard is still reading ${collection}'s records (${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")}); try again in a few seconds`), progress });
      }
      const figures = dashboardFigures(projection.facts, reference, {
        asAt: asAt.asAt,
        quarter: asAt.quarter ?? quarterOf(asAt.asAt),
        scope: scope.owners === "all" ? "all" : new Set(scope.owners),
        ...(scope.region ? { region: scope.region } : {}),
        ...(scope.owner ? { owner: scope.owner } : {}),
      });
      const described = scope.describe();
      await audit(context, request, {
        action: "dashboard_viewed",
        collection,
        details: { asAt: asAt.asAt, quarter: asAt.quarter?.id ?? null, region: scope.region ?? null, owner: scope.owner ?? null, scope: described.code ?? "all" },
      });
      reply.header("cache-control", "no-store");
      return {
        collection,
        ...figures,
        scope: described,
        narrowBy: {
          regions: scope.narrowsByRegion ? figures.byRegion.map((r) => ({ code: r.code, name: r.name })) : [],
          owners: scope.narrowsByOwner ? figures.byOwner.map((o) => ({ code: o.org, name: o.name })) : [],
        },
        quarters: Array.from({ length: 8 }, (_, back) => quarterBefore(quarterOf(context.today()), back)).map((q) => ({ id: q.id, label: quarterLabel(q) })),
      };
    },
  );
}
