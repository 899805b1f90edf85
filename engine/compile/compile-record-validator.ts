/**
 * One compiled form → its record validator, the one way every part gets one: precompile the
 * schema to standalone code, load that code as a module, wrap it with the runtime rules.
 */
import type { CompiledForm } from "./compiled-form.ts";
import { importValidatorModule } from "./load-validator-module.ts";
import { buildValidatorModule } from "./validator-code.ts";
import { createRecordValidator, type RecordValidator } from "../runtime/validate.ts";

export interface CompiledValidator {
  validate: RecordValidator;
  /** The standalone validator module, as served to browsers. */
  code: string;
}

export async function compileRecordValidator(form: CompiledForm): Promise<CompiledValidator> {
  const code = await buildValidatorModule(form.schema);
  return { validate: createRecordValidator(form, await importValidatorModule(code)), code };
}
