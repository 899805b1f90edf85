import { delimiter, resolve } from "node:path";
import { DEFAULT_FORM_ROOTS } from "../engine/index.ts";

/** Where the CLI looks for collections: SCRT_FORMS (a path list), else forms/ and examples/. */
export function formRoots(): string[] {
  const fromEnv = process.env.SCRT_FORMS?.split(delimiter).filter(Boolean);
  return fromEnv?.length ? fromEnv.map((p) => resolve(p)) : DEFAULT_FORM_ROOTS;
}
