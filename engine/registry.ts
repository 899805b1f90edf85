/**
 * The compiled forms of every collection, with their precompiled validators, held in memory:
 * compile once at start-up, validate many. Nothing here reads YAML after load().
 */
import type { CompiledForm } from "./compile/compiled-form.ts";
import { compileRecordValidator } from "./compile/compile-record-validator.ts";
import { compileCollectionDir, collectionDirsUnder } from "./forms.ts";
import type { RecordValidator } from "./runtime/validate.ts";

export interface RegisteredForm {
  form: CompiledForm;
  validate: RecordValidator;
  /** The standalone validator module, as served to browsers. */
  validatorCode: string;
}

export class FormRegistry {
  private constructor(private readonly forms: Map<string, Map<string, RegisteredForm>>) {}

  static async load(roots: string[]): Promise<FormRegistry> {
    const forms = new Map<string, Map<string, RegisteredForm>>();
    for (const dir of collectionDirsUnder(roots)) {
      for (const form of compileCollectionDir(dir)) {
        const { validate, code: validatorCode } = await compileRecordValidator(form);
        if (!forms.has(form.collection.id)) forms.set(form.collection.id, new Map());
        forms.get(form.collection.id)!.set(form.version, { form, validate, validatorCode });
      }
    }
    return new FormRegistry(forms);
  }

  collections(): string[] {
    return [...this.forms.keys()].sort();
  }

  versions(collection: string): RegisteredForm[] {
    return [...(this.forms.get(collection)?.values() ?? [])];
  }

  get(collection: string, version: string): RegisteredForm | undefined {
    return this.forms.get(collection)?.get(version);
  }

  /** The version that takes new records. */
  published(collection: string): RegisteredForm | undefined {
    return this.versions(collection).find((f) => f.form.status === "published");
  }
}
