/**
 * The API under /api: one plugin, so that everything in it needs a signed-in user and an
 * unknown path in it is a JSON 404, never the web app's page.
 */
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";
import { actionsPlugin } from "./actions.ts";
import { adminPlugin } from "./admin.ts";
import { auditTrailPlugin } from "./audit-trail.ts";
import { requireUser } from "./auth.ts";
import { collectionsPlugin } from "./collections.ts";
import { notFoundBody } from "./errors.ts";
import { dashboardPlugin } from "./dashboard.ts";
import { draftsPlugin } from "./drafts.ts";
import { extractPlugin } from "./extract.ts";
import { learningPlugin } from "./learning.ts";
import { ownerQueuePlugin } from "./owner-queue.ts";
import { recordsPlugin } from "./records.ts";
import { standardsPlugin } from "./standards.ts";
import { usersPlugin } from "./users.ts";

export async function apiPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.addHook("onRequest", requireUser);
  app.setNotFoundHandler((request, reply) => reply.status(404).send(notFoundBody(request.method, request.url)));
  await app.register(collectionsPlugin, context);
  await app.register(recordsPlugin, context);
  await app.register(draftsPlugin, context);
  await app.register(actionsPlugin, context);
  await app.register(ownerQueuePlugin, context);
  await app.register(adminPlugin, context);
  await app.register(extractPlugin, context);
  await app.register(dashboardPlugin, context);
  await app.register(learningPlugin, context);
  await app.register(usersPlugin, context);
  await app.register(auditTrailPlugin, context);
  await app.register(standardsPlugin, context);
}
