/**
 * The HTTP API's front door: the JSON Schemas of its requests and responses (used by the
 * server for validation, serialisation and the OpenAPI document), the TypeScript types of
 * every body (used by the renderer with `import type` only) and the machine error codes.
 * Plain data and types: no dependency on the server, storage, the engine or Node.
 */
export * from "./errors.ts";
export * from "./schemas.ts";
export * from "./standards.ts";
