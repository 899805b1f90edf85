/**
 * A compiled form that shows only some of its items, for a page that asks a few questions of a
 * stored record (an action's page). Only the schema's properties are narrowed: the items,
 * conditions and rules stay whole, so shown_when still reads the rest of the record's answers
 * and the data the form holds and hands back keeps every answer it started with.
 */
import type { CompiledForm } from "../../../engine/runtime/index.ts";

export function limitForm(form: CompiledForm, keys: readonly string[]): CompiledForm {
  const properties = (form.schema.properties ?? {}) as Record<string, unknown>;
  const shown = Object.fromEntries(keys.filter((k) => k in properties).map((k) => [k, properties[k]]));
  return { ...form, schema: { ...form.schema, properties: shown } };
}

/** The top-level item an error's JSON pointer is about ("/date_closed" → "date_closed"). */
export function errorItem(path: string): string {
  return (path.split("/")[1] ?? "").replace(/~1/g, "/").replace(/~0/g, "~");
}
