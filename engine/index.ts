/**
 * The engine's front door for Node (the CLI, the server, the operations and tests): find,
 * load, check, compile and diff definitions, fix versions, hold compiled forms, and run
 * migrations as pure functions. Browser code imports engine/runtime/index.ts instead; this
 * file re-exports it so Node code needs one import.
 */
export * from "./runtime/index.ts";
export { COMPILED_FORM_FORMAT } from "./compile/compiled-form.ts";
export type { ChoiceListDefinition, CollectionDefinition, ItemDefinition, MigrationDefinition, MigrationStep, RuleDefinition, VersionDefinition } from "./language/types.ts";
export { ITEM_TYPES, VERSION_STATUSES, DATE_OPERATORS, LANGUAGE_VERSION } from "./language/types.ts";
export { FORMAT_MIGRATIONS, type FormatMigration, type DefinitionDocument } from "./language/format-migrations.ts";
export { LANGUAGE_SCHEMAS, type FileKind } from "./language/schemas.ts";
export { DEFAULT_MAX_LENGTH, DEFINITION_LIMITS } from "./language/limits.ts";
export { buildEditorSchemas, EDITOR_SCHEMA_DIR, EDITOR_SCHEMA_FILES, fileKindOf, SCHEMA_LINE_PREFIX, schemaLineFor } from "./language/editor-schemas.ts";
export type { LanguageOptions } from "./load/language-version.ts";
export { DefinitionError, formatProblem, sortProblems, type Problem } from "./problems.ts";
export {
  checkCollectionDir,
  collectionDirsUnder,
  compileCollectionAndMigrations,
  compileCollectionDir,
  displayRootOf,
  findCollection,
  lint,
  PROJECT_ROOT,
  type CheckedCollection,
} from "./forms.ts";
export { loadCollection, type Loaded, type LoadedCollection, type LoadOptions } from "./load/load-collection.ts";
export { buildValidatorModule, createAjv, AJV_OPTIONS } from "./compile/validator-code.ts";
export { importValidatorModule } from "./compile/load-validator-module.ts";
export { compileRecordValidator, type CompiledValidator } from "./compile/compile-record-validator.ts";
export { buildDictionaryHtml, buildDictionaryMarkdown } from "./compile/data-dictionary.ts";
export { buildTypeScript, recordTypeName } from "./compile/typescript-types.ts";
export { diffForms, formatChanges, type Change, type ChangeKind } from "./diff/diff-forms.ts";
export { publishVersion, relockVersion, retireVersion, type LifecycleOptions, type LifecycleResult } from "./lifecycle/publish.ts";
export { fingerprint, readLock, LOCK_FILE, type LockEntry, type VersionLock } from "./lifecycle/version-lock.ts";
export { FormRegistry, type RegisteredForm } from "./registry.ts";
export { covers as migrationCovers } from "./migrate/covers.ts";
export { describeMigration } from "./migrate/describe-migration.ts";
export { applyMigration, type MigrationNote, type MigrationOutcome, type OwnerResolution, type OwnerResolver, type RecordData } from "./migrate/apply-migration.ts";
export type { CompiledMigration, CompiledStep } from "./migrate/compiled-migration.ts";
