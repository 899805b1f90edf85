/**
 * One shape for every error response: JSON with a human message, the right status, and never
 * a stack trace or internal detail. Unexpected errors are logged and reported as 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { path: string; code: string; message: string }[];
}

const NAMES: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity", 428: "Precondition Required", 500: "Internal Server Error" };

export function errorBody(statusCode: number, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { statusCode, error: NAMES[statusCode] ?? "Error", message, ...extra };
}

export interface ErrorHandlingOptions {
  /** When the web app is served: answers a GET for a page path (client-side route) with it. */
  servePage?: (reply: FastifyReply) => FastifyReply;
}

/** A GET for a path of the web app rather than the API or a file. */
export function isPagePath(method: string, path: string): boolean {
  return method === "GET" && !path.startsWith("/api/") && !path.startsWith("/auth/") && !path.startsWith("/docs") && !/\.[a-z0-9]+$/i.test(path);
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, "unhandled error");
      return reply.status(500).send(errorBody(500, "Something went wrong on the server. The request was not completed; try again, and report it if it keeps happening."));
    }
    return reply.status(status).send(errorBody(status, clientMessage(error, status)));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    if (options.servePage && isPagePath(request.method, path)) return options.servePage(reply);
    return reply.status(404).send(errorBody(404, `Nothing at ${request.method} ${path}`));
  });
}

/** Fastify's own messages for malformed requests, reworded for people. */
function clientMessage(error: FastifyError, status: number): string {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "Send the request body as JSON, with Content-Type: application/json";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "The request body is too large";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "The request body is empty; send a JSON object";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return "The request body is not valid JSON";
    case "FST_ERR_VALIDATION":
      return `The request is not in the expected shape: ${error.message}`;
  }
  if (error instanceof SyntaxError || /JSON/.test(error.message)) return "The request body is not valid JSON";
  return status === 404 ? "Not found" : error.message;
}
