/**
 * The compiled forms of every collection, with their precompiled validators, and the compiled
 * migrations between their versions, held in memory: compile once at start-up, validate many.
 * Nothing here reads YAML after load().
 */
import type { CompiledForm } from "./compile/compiled-form.ts";
import { compileRecordValidator } from "./compile/compile-record-validator.ts";
import type { Change } from "./diff/diff-forms.ts";
import { compileCollectionAndMigrations, collectionDirsUnder, DEFAULT_FORM_ROOTS } from "./forms.ts";
import type { MigrationDefinition, MigrationStep } from "./language/types.ts";
import { covers } from "./migrate/check-migration.ts";
import type { CompiledMigration } from "./migrate/compiled-migration.ts";
import type { RecordValidator } from "./runtime/validate.ts";

export interface RegisteredForm {
  form: CompiledForm;
  validate: RecordValidator;
  /** The standalone validator module, as served to browsers. */
  validatorCode: string;
}

export class FormRegistry {
  private constructor(
    private readonly forms: Map<string, Map<string, RegisteredForm>>,
    private readonly compiledMigrations: Map<string, CompiledMigration[]>,
  ) {}

  static async load(roots: string[] = DEFAULT_FORM_ROOTS): Promise<FormRegistry> {
    const forms = new Map<string, Map<string, RegisteredForm>>();
    const migrations = new Map<string, CompiledMigration[]>();
    for (const dir of collectionDirsUnder(roots)) {
      const compiled = compileCollectionAndMigrations(dir);
      for (const form of compiled.forms) {
        const { validate, code: validatorCode } = await compileRecordValidator(form);
        if (!forms.has(form.collection.id)) forms.set(form.collection.id, new Map());
        forms.get(form.collection.id)!.set(form.version, { form, validate, validatorCode });
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

/**
 * Whether a compiled migration deals with one breaking change: the same rule as `forms lint`
 * and `forms publish` (check-migration's `covers`), which is written over the definition's
 * shape; the registry holds compiled migrations, so their steps are read back into it.
 */
export function migrationCovers(migration: CompiledMigration, change: Change): boolean {
  return covers(definitionOf(migration), change);
}

function definitionOf(m: CompiledMigration): MigrationDefinition {
  const steps = m.steps.map((s): MigrationStep => {
    switch (s.op) {
      case "rename":
        return { rename: { from: s.from, to: s.to } };
      case "copy":
        return { copy: { from: s.from, to: s.to } };
      case "split":
        return { split: { from: s.from, to: s.to, keep_in: s.keepIn, flag: s.flag } };
      case "map_codes":
        return { map_codes: { item: s.item, codes: s.codes } };
      case "default":
        return { default: { item: s.item, value: s.value } };
      case "archive":
        return { archive: { item: s.item, reason: s.reason } };
      case "flag":
        return { flag: { ...(s.when ? { when: s.when } : {}), reason: s.reason } };
      case "accept_incomplete":
        return { accept_incomplete: { items: s.items, reason: s.reason } };
    }
  });
  return {
    collection: m.collection,
    from: m.from,
    to: m.to,
    ...(m.owner ? { owner: { resolve_to: m.owner.resolveTo, ...(m.owner.note ? { note: m.owner.note } : {}) } } : {}),
    steps,
  };
}
