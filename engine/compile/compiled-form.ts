/**
 * The compiled form: everything the server, renderer and CLI need about one version of a
 * collection, as plain JSON. Produced once by compileVersion; never parsed from YAML again.
 */
import type { Condition, DateOperator, ItemType, ReaderRole, TagColour, VersionStatus, WriterRole } from "../language/types.ts";

export const COMPILED_FORM_FORMAT = "compiled-form/1";

export interface CompiledChoice {
  code: string;
  label: string;
  hint?: string;
  retired: boolean;
}

export interface CompiledChoiceList {
  name: string;
  title: string;
  choices: CompiledChoice[];
}

/** Message texts for an item, with the defaults filled in at compile time. */
export interface ItemMessageTexts {
  required: string;
  forbidden: string;
  pattern: string;
  max_length: string;
  min_length: string;
  invalid: string;
  /** A text starts or ends with spaces or blank lines (forms trim; API clients must). */
  untrimmed: string;
  /** A text holds control characters, bidirectional controls or lone surrogates. */
  invalid_characters: string;
  /** A date before EARLIEST_DATE or after LATEST_DATE. */
  out_of_range: string;
  duplicate: string;
  min_items: string;
  max_items: string;
  unique: string;
  retired: string;
  unknown: string;
}

export interface CompiledItem {
  key: string;
  /** Dotted path: "status", or "recommendations.due_date" for an item of a repeating group. */
  path: string;
  /** The data item's name (extracts, dictionary, case page). */
  label: string;
  /** What the form asks; absent when it asks the label. */
  question?: string;
  hint?: string;
  /** Inputs of short text and url items: characters wide, or "full". */
  width?: InputWidth;
  type: ItemType;
  /** Always required (required_when conditions are in requiredWhen). */
  required: boolean;
  requiredWhen?: Condition;
  shownWhen?: Condition;
  /** Only with shownWhen: an answer may stay while the item is hidden (versions fixed before hidden answers were refused). */
  keepWhenHidden?: true;
  forbiddenWhen?: Condition;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  choices?: string;
  schemes?: string[];
  minItems?: number;
  maxItems?: number;
  items?: CompiledItem[];
  entryLabel?: string;
  default?: string;
  writers: WriterRole[];
  unique?: { within: "owner" | "collection"; ignoreCase: boolean };
  section?: string;
  messages: ItemMessageTexts;
}

export type InputWidth = 2 | 3 | 4 | 5 | 10 | 20 | 30 | "full";

/** `single_page`: every section on one page; `pages`: a page per section, reached from a task list. */
export type FormLayout = "single_page" | "pages";

export interface CompiledRule {
  id: string;
  /** Dotted path of the item the rule constrains (the error is reported there). */
  item: string;
  op: DateOperator;
  /** "today" or the dotted path of the other date item. */
  target: string;
  message: string;
  /** True when the rule is evaluated by runtime/rules.ts rather than by the JSON Schema. */
  runtime: boolean;
}

export interface CompiledSection {
  id: string;
  title: string;
  description?: string;
  items: string[];
}

/** How to turn one Ajv error (found by its schemaPath) into a message about one item. */
export interface ErrorSpec {
  code: string;
  /** Dotted path of the item; absent when the item is named by the error (required, unknown). */
  item?: string;
  message?: string;
  rule?: string;
}

export interface CollectionInfo {
  id: string;
  title: string;
  shortTitle: string;
  description?: string;
  recordTitle?: string;
  list: CompiledList;
  /** What the assurance dashboard counts; absent when the collection has no dashboard. */
  dashboard?: CompiledDashboard;
  /** Which items the learning library searches; absent when the collection has none. */
  learning?: CompiledLearning;
  /** The item shown as a tag beside a record's title; absent when the collection names none. */
  recordStatus?: CompiledRecordStatus;
  /** What people do to a record in one step; absent when the collection declares none. */
  actions?: CompiledAction[];
}

export interface CompiledRecordStatus {
  item: string;
  /** The tag's colour per code; codes not named use the default tag. */
  colours: Partial<Record<string, TagColour>>;
}

export interface CompiledAction {
  id: string;
  title: string;
  /** Offered only on records for which this holds; absent: always. */
  when?: Condition;
  /** Single choice items and the codes the action sets them to. */
  sets: Record<string, string>;
  /** The top-level items asked on the action's page, in order. */
  asks: string[];
  /** The success message; `{record}` stands for the record's title. */
  done: string;
  /** The heading of the list of records awaiting the action; absent: no list. */
  waitingList?: string;
}

export interface CompiledList {
  filters: string[];
  search: string[];
  columns: string[];
  /** Date items the list can be narrowed by, from one day to another. */
  dateFilters: string[];
  views: CompiledView[];
}

/** A saved view of the list; a record is in it when every test given holds. */
export interface CompiledView {
  id: string;
  title: string;
  roles: ReaderRole[];
  when?: Condition;
  complete?: boolean;
  migrated?: boolean;
  notUpdatedForDays?: number;
}

export interface CompiledDashboard {
  openWhen: Condition;
  openedOn: string;
  closedOn?: string;
  breakdowns: string[];
  durations: { id: string; label: string; from: string; to: string }[];
  outstanding: { id: string; label: string; when: Condition }[];
}

export interface CompiledLearning {
  items: string[];
  filters: string[];
  signedOff?: string;
}

export interface CompiledForm {
  format: typeof COMPILED_FORM_FORMAT;
  collection: CollectionInfo;
  version: string;
  status: VersionStatus;
  effectiveFrom: string;
  supersedes: string | null;
  title: string;
  ownerOrganisationType: string;
  sections: CompiledSection[];
  layout: FormLayout;
  items: CompiledItem[];
  choiceLists: Record<string, CompiledChoiceList>;
  rules: CompiledRule[];
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
  errorMap: Record<string, ErrorSpec>;
  /** sha256 of the definition files this was compiled from. */
  sourceHash: string;
  /** The files it was compiled from, relative to the collection folder. */
  sources: string[];
}

export type JsonSchema = { [key: string]: unknown };
