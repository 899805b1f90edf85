/**
 * RJSF's validator interface over the engine's RecordValidator. The engine is the only source
 * of rules and messages: RJSF hands over the form data, the adapter validates the CLEANED data
 * (as it will be sent) and returns the engine's errors, keyed by their JSON pointers, with the
 * engine's human messages. No Ajv runs in the browser except the engine's precompiled one.
 */
import type { ErrorSchema, RJSFSchema, RJSFValidationError, ValidationData, ValidatorType } from "@rjsf/utils";
import { cleanData, type CompiledForm, type RecordValidator, type ValidationContext } from "../../../engine/runtime/index.ts";
import { pointerSegments } from "./field-ids.ts";
import type { RecordData } from "./types.ts";

/** An error as the engine and the server report it. */
export interface PointerError {
  path: string;
  code: string;
  message: string;
}

/** RJSF's property form of a path: ".recommendations.0.due_date"; "." for the whole record. */
export function propertyOf(pointer: string): string {
  return `.${pointerSegments(pointer).join(".")}`;
}

/** "/date_added" → { date_added: { __errors: [message] } }, one branch per path segment. */
export function toErrorSchema(errors: readonly PointerError[]): ErrorSchema<RecordData> {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const segment of pointerSegments(error.path)) {
      const child = node[segment];
      node = (typeof child === "object" && child !== null ? child : (node[segment] = {})) as Record<string, unknown>;
    }
    const list = (node.__errors ??= []) as string[];
    if (!list.includes(error.message)) list.push(error.message);
  }
  return root as ErrorSchema<RecordData>;
}

/** The engine's errors as RJSF's list and error schema. */
export function toValidationData(errors: readonly PointerError[]): ValidationData<RecordData> {
  const list: RJSFValidationError[] = errors.map((e) => ({
    name: e.code,
    property: propertyOf(e.path),
    message: e.message,
    params: { path: e.path },
    stack: e.message,
  }));
  return { errors: list, errorSchema: toErrorSchema(errors) };
}

/**
 * An RJSF validator for one form. `context` gives the validation context at the time of each
 * validation (today's date, the stored data whose retired codes stay allowed).
 */
export function createRjsfValidator(
  form: CompiledForm,
  validate: RecordValidator,
  context: ValidationContext | (() => ValidationContext) = {},
): ValidatorType<RecordData, RJSFSchema> {
  const contextNow = () => (typeof context === "function" ? context() : context);
  const run = (formData: RecordData | undefined) => validate(cleanData(form, formData ?? {}), contextNow());
  return {
    validateFormData(formData) {
      // customValidate and transformErrors are not used: the engine's messages are final.
      return toValidationData(run(formData).errors);
    },
    // The display schema has no conditionals, so RJSF never needs to choose a branch by data.
    isValid() {
      return true;
    },
    rawValidation<Result = unknown>(_schema: RJSFSchema, formData?: RecordData) {
      return { errors: run(formData).errors as unknown as Result[] };
    },
  };
}
