/**
 * The compiled forms of every collection, with their precompiled validators, and the compiled
 * migrations between their versions, held in memory: compile once at start-up, validate many.
 * Nothing here reads YAML after load().
 */
import type { CompiledForm } from "./compile/compiled-form.ts";
import { compileRecordValidator } from "./compile/compile-record-validator.ts";
import { compileCollectionAndMigrations, collectionDirsUnder } from "./forms.ts";
import type { CompiledMigration } from "./migrate/compiled-migration.ts";
import type { RecordValidator } from "./runtime/validate.ts";
import { readLock } from "./lifecycle/version-lock.ts";

export interface RegisteredForm {
  form: CompiledForm;
  validate: RecordValidator;
  /** The standalone validator module, as served to browsers. */
  validatorCode: string;
  /** A fixed version's fingerprint in versions.lock.yaml (what it means for data cannot change); null for a draft. */
  fingerprint: string | null;
}

export class FormRegistry {
  private constructor(
    private readonly forms: Map<string, Map<string, RegisteredForm>>,
    private readonly compiledMigrations: Map<string, CompiledMigration[]>,
  ) {}

  static async load(roots: string[]): Promise<FormRegistry> {
    const forms = new Map<string, Map<string, RegisteredForm>>();
    const migrations = new Map<string, CompiledMigration[]>();
    for (const dir of collectionDirsUnder(roots)) {
      const compiled = compileCollectionAndMigrations(dir);
      // Compiling checked every fixed version against its lock, so the lock describes what is loaded.
      const lock = readLock(dir);
      for (const form of compiled.forms) {
        const { validate, code: validatorCode } = await compileRecordValidator(form);
        if (!forms.has(form.collection.id)) forms.set(form.collection.id, new Map());
        forms.get(form.collection.id)!.set(form.version, { form, validate, validatorCode, fingerprint: form.status === "draft" ? null : (lock[form.version]?.fingerprint ?? null) });
      }
      const id = compiled.forms[0]?.collection.id;
      if (id) migrations.set(id, compiled.migrations);
    }
    return new FormRegistry(forms, migrations);
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

  /** Every compiled migration of a collection. */
  migrations(collection: string): CompiledMigration[] {
    return [...(this.compiledMigrations.get(collection) ?? [])];
  }

  /** The migration from one version to another, if the collection has one. */
  migration(collection: string, from: string, to: string): CompiledMigration | undefined {
    return this.compiledMigrations.get(collection)?.find((m) => m.from === from && m.to === to);
  }
}
