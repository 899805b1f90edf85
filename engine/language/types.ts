/**
 * The definition language: the shapes of the YAML files in forms/<collection>/, after
 * parsing and after checking against the language's own JSON Schema (schemas.ts).
 * Keys are snake_case because they are written by the data standards team in YAML.
 */

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

export const VERSION_STATUSES = ["draft", "published", "retired"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** A condition over the values of other items (siblings, for items inside a repeating group). */
export type Condition =
  | { item: string; equals: string }
  | { item: string; in: string[] }
  | { item: string; includes: string }
  | { item: string; present: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const DATE_OPERATORS = ["before", "not_before", "after", "not_after"] as const;
export type DateOperator = (typeof DATE_OPERATORS)[number];

/** A cross-field date rule: `item` compared with another item or with `today`. */
export interface RuleDefinition {
  id?: string;
  item: string;
  before?: string;
  not_before?: string;
  after?: string;
  not_after?: string;
  message: string;
}

export interface ItemMessages {
  required?: string;
  forbidden?: string;
  pattern?: string;
  max_length?: string;
  min_length?: string;
  invalid?: string;
  unique?: string;
  min_items?: string;
  max_items?: string;
}

export interface ItemDefinition {
  key: string;
  label: string;
  hint?: string;
  type: ItemType;
  required?: boolean;
  required_when?: Condition;
  shown_when?: Condition;
  /** With shown_when: keep an answer while the item is hidden instead of refusing it. */
  keep_when_hidden?: boolean;
  forbidden_when?: Condition;
  /** short_text, long_text */
  max_length?: number;
  min_length?: number;
  pattern?: string;
  /** single_choice, multiple_choice */
  choices?: string;
  /** url */
  schemes?: string[];
  /** multiple_choice and repeating_group */
  min_items?: number;
  max_items?: number;
  /** repeating_group */
  items?: ItemDefinition[];
  entry_label?: string;
  /** A code of the item's choice list, or `today` for dates. Used for new records only. */
  default?: string;
  writers?: WriterRole[];
  unique?: { within: "owner" | "collection"; ignore_case?: boolean };
  messages?: ItemMessages;
}

export interface SectionDefinition {
  id: string;
  title: string;
  description?: string;
  items: string[];
}

export interface VersionDefinition {
  collection: string;
  version: string;
  status: VersionStatus;
  effective_from: string;
  supersedes?: string;
  title?: string;
  owner_organisation_type?: string;
  sections?: SectionDefinition[];
  items: ItemDefinition[];
  rules?: RuleDefinition[];
}

export interface CollectionDefinition {
  collection: string;
  title: string;
  short_title?: string;
  description?: string;
  owner_organisation_type: string;
  default_writers?: WriterRole[];
  record_title?: string;
  list?: { filters?: string[]; search?: string[]; columns?: string[] };
}

export interface ChoiceDefinition {
  code: string;
  label: string;
  hint?: string;
  /** Retired codes stay valid in stored records but are not offered for new answers. */
  retired?: boolean | string;
}

export interface ChoiceListDefinition {
  list: string;
  title?: string;
  choices: ChoiceDefinition[];
}

/** One step of a migration between two versions of a collection (migrations/<from>-to-<to>.yaml). */
export type MigrationStep =
  | { rename: { from: string; to: string } }
  | { copy: { from: string; to: string } }
  | { split: { from: string; to: string[]; keep_in: string; flag: string } }
  | { map_codes: { item: string; codes: Record<string, string> } }
  | { default: { item: string; value: string } }
  | { archive: { item: string; reason?: string } }
  | { flag: { when?: Condition; reason: string } }
  | { accept_incomplete: { items: string[]; reason: string } };

export interface MigrationDefinition {
  collection: string;
  from: string;
  to: string;
  description?: string;
  /** How the owner organisation moves: through reference data to the organisation of this type open on the migration date. */
  owner?: { resolve_to: string; note?: string };
  steps: MigrationStep[];
}
