/**
 * Loads a precompiled validator module (see compile/validator-code.ts) into this process
 * without eval or `new Function`: the code is imported as an ES module from a data: URL.
 */
import type { SchemaValidateFunction } from "../runtime/validate.ts";

export async function importValidatorModule(code: string): Promise<SchemaValidateFunction> {
  const url = `data:text/javascript;base64,${Buffer.from(code, "utf8").toString("base64")}`;
  const mod = (await import(/* @vite-ignore */ url)) as { default: SchemaValidateFunction };
  return mod.default;
}
