/**
 * The definition language: the shapes of the YAML files in forms/<collection>/, after
 * parsing, upgrading to the current language version and checking against the language's
 * own JSON Schema (schemas.ts). Keys are snake_case because they are written by the data
 * standards team in YAML.
 *
 * The shapes themselves are generated from the schemas (generated-types.ts), so the types
 * and the schemas cannot disagree; this file holds the lists of values the schemas are built
 * from, and checks at compile time that the generated types agree with them.
 */
import type { ChoiceDefinition, ItemDefinition, RuleDefinition, VersionDefinition } from "./generated-types.ts";

export type {
  ChoiceDefinition,
  ChoiceListDefinition,
  CollectionDefinition,
  Condition,
  ItemDefinition,
  ItemMessages,
  MigrationDefinition,
  MigrationStep,
  RuleDefinition,
  SectionDefinition,
  VersionDefinition,
} from "./generated-types.ts";

/** The version of the definition language this engine reads and writes; see format-migrations.ts. */
export const LANGUAGE_VERSION = 1;

export const ITEM_TYPES = [
  "short_text",
  "long_text",
  "date",
  "single_choice",
  "multiple_choice",
  "url",
  "repeating_group",
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Roles that can be granted write access to an item. Viewers and standards admins never write record contents. */
export const WRITER_ROLES = ["editor", "regional", "national"] as const;
export type WriterRole = (typeof WRITER_ROLES)[number];

/** Roles that read records, as a saved view of the list names them: an owner organisation's editors and viewers, regional and national users. */
export const READER_ROLES = ["editor", "viewer", "regional", "national"] as const;
export type ReaderRole = (typeof READER_ROLES)[number];

export const VERSION_STATUSES = ["draft", "published", "retired"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** The colours of NHS.UK frontend tags a record's status can be shown in (record_status). */
export const TAG_COLOURS = ["white", "grey", "green", "aqua-green", "blue", "purple", "pink", "red", "orange", "yellow"] as const;
export type TagColour = (typeof TAG_COLOURS)[number];

export const DATE_OPERATORS = ["before", "not_before", "after", "not_after"] as const;
export type DateOperator = (typeof DATE_OPERATORS)[number];

/** True only when A and B are the same type (not merely assignable one way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

// The schemas are built from these lists; if a list and the generated types drift apart
// (a schema edited by hand, generated-types.ts not regenerated), typecheck fails here.
export type LanguageAgreement = [
  Assert<Equals<ItemDefinition["type"], ItemType>>,
  Assert<Equals<NonNullable<ItemDefinition["writers"]>[number], WriterRole>>,
  Assert<Equals<VersionDefinition["status"], VersionStatus>>,
  Assert<Equals<VersionDefinition["language"], typeof LANGUAGE_VERSION>>,
  Assert<Equals<Extract<keyof RuleDefinition, DateOperator>, DateOperator>>,
  Assert<Equals<ChoiceDefinition["retired"], boolean | string | undefined>>,
];
