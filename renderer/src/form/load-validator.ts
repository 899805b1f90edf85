/**
 * The engine's validator for one version of a collection, in the browser. The server serves
 * the precompiled standalone validator as an ES module on the same origin, so it is loaded
 * with a plain dynamic import: a Content-Security-Policy of `script-src 'self'` allows it, and
 * nothing is compiled (no eval, no `new Function`).
 */
import { type CompiledForm, createRecordValidator, type RecordValidator, type SchemaValidateFunction } from "../../../engine/runtime/index.ts";

const cache = new Map<string, Promise<RecordValidator>>();

/** Where the server serves a version's validator module. */
export function validatorUrl(collection: string, version: string): string {
  return `/api/collections/${encodeURIComponent(collection)}/versions/${encodeURIComponent(version)}/validator.js`;
}

/** Loads (once per collection and version) the record validator for a compiled form. */
export function loadValidator(form: CompiledForm): Promise<RecordValidator> {
  const collection = form.collection.id;
  const key = `${collection}\u0000${form.version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = import(/* @vite-ignore */ validatorUrl(collection, form.version)).then((module: { default?: unknown }) => {
    if (typeof module.default !== "function") throw new Error(`The validator for ${collection} version ${form.version} could not be loaded`);
    return createRecordValidator(form, module.default as SchemaValidateFunction);
  });
  // A failed load (offline, signed out) is not remembered, so the next attempt tries again.
  loading.catch(() => cache.delete(key));
  cache.set(key, loading);
  return loading;
}
