/**
 * The server's log (pino JSON lines through Fastify's logger). Each line of a request carries
 * the request's id and, once the auth plugin has found them, the signed-in user's id and role:
 * enough to follow one person's requests, nothing that names them. The log is read by people
 * who may not see case records, so nothing of a request's contents reaches it: no bodies,
 * no headers (cookies, CSRF tokens, authorization), no query values (search words and filters
 * are case contents), and only the type, message, code and stack of an error.
 */
import { randomUUID } from "node:crypto";
import { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import fp from "fastify-plugin";

export interface LogDestination {
  write(line: string): void;
}

/** true: info and above to standard output; or a destination of one's own (tests read it). */
export type LoggerOption = boolean | { destination: LogDestination; level?: string };

/** The URL as logged: the path, and the names of the query's parameters without their values. */
export function loggableUrl(url: string): string {
  const start = url.indexOf("?");
  if (start < 0) return url;
  const names = [...new URLSearchParams(url.slice(start + 1)).keys()];
  return `${url.slice(0, start)}?${names.map((name) => `${encodeURIComponent(name)}=[redacted]`).join("&")}`;
}

const bound = new WeakSet<FastifyRequest>();

/** Adds the signed-in user to the request's logger, once they are known. */
function bindUser(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.user || bound.has(request)) return;
  bound.add(request);
  const log = request.log.child({ userId: request.user.id, role: request.user.role });
  request.log = log;
  reply.log = log;
}

/**
 * Fastify's own request lines, as one line a request (an access log's): written when the answer
 * has gone, with the user known and without query values. Fastify's two lines a request (one
 * as it came in) cost twice the writes; a request that never finishes still shows in its error
 * lines, which carry its id and user.
 */
class TrackerLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    // A request refused by the auth plugin's own hook (a CSRF failure) still names its user.
    bindUser(request, reply);
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info(`Route ${request.method}:${loggableUrl(request.url)} not found`);
  }
}

export function loggingOptions(option: LoggerOption = false): Pick<FastifyServerOptions, "logger" | "genReqId" | "requestIdHeader" | "logController"> {
  return {
    // Random, so that ids say nothing about how busy the server is, and never the client's:
    // a caller could otherwise give their requests someone else's id.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logController: new TrackerLogController(),
    logger: option
      ? {
          level: typeof option === "object" ? (option.level ?? "info") : "info",
          ...(typeof option === "object" ? { stream: option.destination } : {}),
          serializers: {
            req: (request: FastifyRequest) => ({ method: request.method, url: loggableUrl(request.url), remoteAddress: request.ip }),
            res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
            // Not the error's own further properties: some carry the data that was refused.
            err: (error: FastifyError) => ({ type: error.name, message: error.message, code: error.code, stack: error.stack ?? "" }),
          },
          // Should anything log a request's headers anyway.
          redact: { paths: ["req.headers.cookie", "req.headers.authorization", 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: "[redacted]" },
        }
      : false,
  };
}

/** Register after the auth plugin: its onRequest hook finds the user this one logs. */
async function requestLogging(app: FastifyInstance): Promise<void> {
  // Hooks with callbacks, not async: they run on every request, and an async hook costs Fastify a promise each time.
  app.addHook("onRequest", (request, reply, done) => {
    bindUser(request, reply);
    done();
  });
  // On every answer, refusals by earlier hooks too: people reporting a problem can quote it,
  // and it finds the request's lines.
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    done(null, payload);
  });
}

export default fp(requestLogging, { name: "request-logging" });
