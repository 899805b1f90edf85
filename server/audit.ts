/**
 * Writing the audit trail from a request: who (the signed-in user, or what an unknown person
 * claimed), from which address, and what. Entries never hold case contents: ids, codes and
 * counts only.
 */
import type { FastifyRequest } from "fastify";
import type { AuditAction } from "../storage/index.ts";
import type { ServerContext } from "./context.ts";

export interface AuditInput {
  action: AuditAction;
  collection?: string | null;
  recordId?: string | null;
  subjectUserId?: string | null;
  details?: Record<string, unknown>;
  /** For someone not (yet) signed in: who they said they were. */
  actor?: string;
  /** For an entry about a user other than the request's (the one signing in). */
  userId?: string | null;
}

export async function audit(context: ServerContext, request: FastifyRequest, input: AuditInput): Promise<void> {
  const user = request.user;
  await context.store.appendAudit({
    action: input.action,
    userId: input.userId !== undefined ? input.userId : (user?.id ?? null),
    actor: input.actor ?? user?.username ?? "anonymous",
    ip: request.ip,
    collection: input.collection ?? null,
    recordId: input.recordId ?? null,
    subjectUserId: input.subjectUserId ?? null,
    details: input.details ?? {},
  });
}
