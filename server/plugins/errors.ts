/**
 * One shape for every error response: JSON with a machine code (api/errors.ts), a human
 * message, the right status, and never a stack trace or internal detail. Unexpected errors
 * are logged and reported as 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ErrorBody, ErrorCode } from "../../api/index.ts";

export type { ErrorBody, ErrorCode };

const NAMES: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity", 428: "Precondition Required", 429: "Too Many Requests", 500: "Internal Server Error" };

export function errorBody(statusCode: number, code: ErrorCode, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { statusCode, error: NAMES[statusCode] ?? "Error", code, message, ...extra };
}

export interface ErrorHandlingOptions {
  /** When the web app is served: answers a GET for a page path (client-side route) with it. */
  servePage?: (reply: FastifyReply) => FastifyReply;
}

/** A GET for a path of the web app rather than the API or a file. */
export function isPagePath(method: string, path: string): boolean {
  return method === "GET" && !path.startsWith("/api/") && !path.startsWith("/auth/") && !path.startsWith("/docs") && !/\.[a-z0-9]+$/i.test(path);
}

export function notFoundBody(method: string, url: string): ErrorBody {
  return errorBody(404, "not_found", `Nothing at ${method} ${url.split("?")[0]!}`);
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, "unhandled error");
      return reply.status(500).send(errorBody(500, "internal_error", "Something went wrong on the server. The request was not completed; try again, and report it if it keeps happening."));
    }
    const [code, message] = clientError(error, status);
    return reply.status(status).send(errorBody(status, code, message));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    if (options.servePage && isPagePath(request.method, path)) return options.servePage(reply);
    return reply.status(404).send(notFoundBody(request.method, path));
  });
}

/**
 * Fastify's refusals before a request reaches routing (Fastify's `frameworkErrors` option): a
 * path whose percent-encoding does not decode to UTF-8 (FST_ERR_BAD_URL). Without this, Fastify
 * answered with its own code and the whole URL quoted back.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === "FST_ERR_BAD_URL" ? "The address of the request is not valid: part of it is not correctly percent-encoded UTF-8" : "The request could not be routed";
  void reply.status(400).send(errorBody(400, "invalid_request", message));
}

/** Fastify's own refusals of malformed requests, with a code and words for people. */
function clientError(error: FastifyError, status: number): [ErrorCode, string] {
  // Request validation: the message is already the API's own (see envelope.ts).
  if (error.validation) return ["invalid_request", error.message];
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return ["unsupported_media_type", "Send the request body as JSON, with Content-Type: application/json"];
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return ["body_too_large", "The request body is too large"];
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return ["invalid_json", "The request body is empty; send a JSON object"];
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return ["invalid_json", "The request body is not valid JSON"];
    case "SCRT_JSON_TOO_DEEP":
      return ["invalid_json", error.message];
    case "SCRT_RATE_LIMITED":
      return ["rate_limited", error.message];
  }
  if (error instanceof SyntaxError || /JSON/.test(error.message)) return ["invalid_json", "The request body is not valid JSON"];
  if (status === 404) return ["not_found", "Not found"];
  if (status === 413) return ["body_too_large", "The request body is too large"];
  if (status === 415) return ["unsupported_media_type", error.message];
  return ["invalid_request", error.message];
}
