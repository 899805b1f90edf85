/**
 * Writing the audit trail from a request: who (the signed-in user, or what an unknown person
 * claimed), from which address, and what. Entries never hold case contents: ids, codes and
 * counts only.
 */
import type { FastifyRequest } from "fastify";
import type { AuditAction, NewAuditEntry } from "../storage/index.ts";
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
  await context.store.appendAudit(auditEntry(request, input));
}

/** The entry `audit` writes; given to a record write, it is stored in that write's transaction. */
export function auditEntry(request: FastifyRequest, input: AuditInput): NewAuditEntry {
  const user = request.user;
  return {
    action: input.action,
    userId: input.userId !== undefined ? input.userId : (user?.id ?? null),
    actor: input.actor ?? user?.username ?? "anonymous",
    ip: request.ip,
    collection: input.collection ?? null,
    recordId: input.recordId ?? null,
    subjectUserId: input.subjectUserId ?? null,
    details: input.details ?? {},
  };
}

/** Each action in words, as the audit trail shows it (and offers it as a filter). */
export const ACTION_NAMES: Record<AuditAction, string> = {
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_out: "Signed out",
  session_ended: "Session ended",
  case_viewed: "Viewed a case",
  case_history_viewed: "Viewed a case's history",
  case_created: "Added a case",
  case_changed: "Changed a case",
  extract_downloaded: "Downloaded an extract",
  dashboard_viewed: "Viewed the dashboard",
  user_added: "Added a user",
  user_changed: "Changed a user",
  user_deactivated: "Deactivated a user",
  user_reactivated: "Reactivated a user",
};

/** One entry's action in words: an import and an owner assignment are said as what they were. */
export function actionName(action: AuditAction, details: Record<string, unknown>): string {
  if (action === "case_created" && details.import === true) return "Imported cases from a legacy file";
  if (action === "case_changed" && details.owner !== undefined) return "Assigned a case's owner";
  if (action === "session_ended" && details.reason === "idle") return "Session ended after inactivity";
  // An action written by a later version of the tracker (a database shared across a deploy) is named by its code.
  return ACTION_NAMES[action] ?? action;
}
