/**
 * The definition language's own JSON Schemas. Every YAML file in forms/ is checked against
 * one of these before any semantic check runs, so unknown keys and wrong shapes are
 * reported with the file, line and column of the offending node.
 *
 * They are also the language's reference: every key's `description` is the text the data
 * standards team reads, in the TypeScript types generated from these schemas
 * (generated-types.ts) and in the key tables of forms/README.md. Both are regenerated with
 * `npm run generate:language`, and tests fail when either is stale.
 */
import { DEFINITION_LIMITS } from "./limits.ts";
import { DATE_OPERATORS, ITEM_TYPES, LANGUAGE_VERSION, READER_ROLES, TAG_COLOURS, VERSION_STATUSES, WRITER_ROLES } from "./types.ts";

/** An object of these keys and no others. */
const closedObject = <P extends Record<string, unknown>>(required: (keyof P & string)[], properties: P) => ({ type: "object", additionalProperties: false, required, properties }) as const;

/** An object of these keys and no others, with its description. */
const exactKeys = <P extends Record<string, unknown>>(description: string, required: (keyof P & string)[], properties: P) => ({ ...closedObject(required, properties), description }) as const;

/** A JSON Schema as written here: plain data, so it can be walked, copied and compiled. */
export type LanguageSchema = { readonly [keyword: string]: unknown };

// The shared shapes carry no description of their own: each key that uses one says what it
// means there, which is what a reader of the reference needs.
const identifier = { type: "string", pattern: "^[a-z][a-z0-9_]*$" } as const;
const collectionId = { type: "string", pattern: "^[a-z][a-z0-9-]*$" } as const;
const versionNumber = { type: "string", pattern: "^\\d+\\.\\d+$" } as const;
const code = { type: "string", pattern: "^[a-z0-9][a-z0-9_]*$" } as const;
const isoDate = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } as const;
const nonEmptyText = { type: "string", minLength: 1 } as const;
const itemPath = { type: "string", pattern: "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$" } as const;

const described = <S extends object>(schema: S, description: string) => ({ ...schema, description });
const conditionRef = (description: string) => ({ $ref: "#/definitions/condition", description });

const language = {
  const: LANGUAGE_VERSION,
  description: `The version of the definition language this file is written in: \`${LANGUAGE_VERSION}\`. Required in every definition file, by convention as its first key. The engine upgrades a file written in an older language and refuses one newer than it knows.`,
} as const;

const conditionItem = described(identifier, "The item whose answer is tested. Inside a repeating group, an item of the same entry.");

const condition = {
  title: "Condition",
  description: "A test of other items' answers, used by required_when, shown_when, forbidden_when and migration flags.",
  oneOf: [
    closedObject(["item", "equals"], { item: conditionItem, equals: described(nonEmptyText, "Holds when the single choice item's answer is this code.") }),
    closedObject(["item", "in"], { item: conditionItem, in: { type: "array", minItems: 1, items: nonEmptyText, description: "Holds when the single choice item's answer is one of these codes." } }),
    closedObject(["item", "includes"], { item: conditionItem, includes: described(nonEmptyText, "Holds when the multiple choice item's answers include this code.") }),
    closedObject(["item", "present"], { item: conditionItem, present: { type: "boolean", description: "`true`: holds when the item is answered; `false`: when it is blank." } }),
    closedObject(["all"], { all: { type: "array", minItems: 1, items: { $ref: "#/definitions/condition" }, description: "Holds when every one of these conditions holds." } }),
    closedObject(["any"], { any: { type: "array", minItems: 1, items: { $ref: "#/definitions/condition" }, description: "Holds when at least one of these conditions holds." } }),
    closedObject(["not"], { not: conditionRef("Holds when this condition does not.") }),
  ],
} as const;

/** The keys of an item's `messages`, each with the situation its wording is used in. */
const MESSAGE_KEYS = {
  required: "Used when a required item is blank. Default: \"Enter …\" or \"Select …\".",
  forbidden: "Used when an item is answered while its forbidden_when holds.",
  pattern: "Used when a text does not match the item's pattern.",
  max_length: "Used when a text is longer than max_length.",
  min_length: "Used when a text is shorter than min_length.",
  invalid: "Used when an answer is not of the item's type: not a real date, not a code of the list, not a web address.",
  unique: "Used when another record already has this value (see unique).",
  min_items: "Used when fewer than min_items choices or entries are given.",
  max_items: "Used when more than max_items choices or entries are given.",
} as const;

const item = {
  title: "ItemDefinition",
  description: "One data item: a question on the form and a column of the extract.",
  type: "object",
  additionalProperties: false,
  required: ["key", "label", "type"],
  properties: {
    key: described(identifier, "The item's machine name, in snake_case. It never changes meaning: a different question gets a new key."),
    label: described(
      nonEmptyText,
      "The data item's name, as the data standard names it (\"StEIS Number/Local Identifier\"): used in extracts, the data dictionary, the check-your-answers list and the case page. Part of what a published version means.",
    ),
    question: described(
      nonEmptyText,
      "What the form asks, in the service manual's style (\"What is the StEIS number or local identifier?\"): the label of the form's input. Default: the label. Wording only: it may be improved in a published version.",
    ),
    message_name: described(
      nonEmptyText,
      "How error messages name the item, written to follow \"Enter\" (\"the StEIS number or local identifier\"); its first letter is capitalised where a message starts with it. Default: the label. Wording only: it may be improved in a published version.",
    ),
    hint: described(nonEmptyText, "Help shown under the question. Wording only: it may be improved in a published version."),
    width: {
      enum: [2, 3, 4, 5, 10, 20, 30, "full"],
      description:
        "Short text and url items: how wide the input is drawn, in characters (2, 3, 4, 5, 10, 20 or 30), or `full`. Default: from max_length (the narrowest of those widths that fits it, `full` beyond 30). Display only: it may be changed in a published version.",
    },
    type: {
      enum: [...ITEM_TYPES],
      description:
        "What kind of answer it takes: `short_text` (200 characters unless max_length), `long_text` (4,000), `date` (ISO `YYYY-MM-DD`), `single_choice`, `multiple_choice` (at least one when required, no repeats), `url`, or `repeating_group` (a list of entries, each with its own items).",
    },
    required: { type: "boolean", description: "`true`: the item must always be answered." },
    required_when: conditionRef("The item must be answered when this condition holds."),
    shown_when: conditionRef("The item is shown only when this condition holds. A hidden item is not sent: the validator refuses an answer to it (with the item's `forbidden` message), unless keep_when_hidden."),
    keep_when_hidden: {
      type: "boolean",
      description:
        "With shown_when: `true` keeps an answer while the item is hidden instead of refusing it. Only for versions fixed before hidden answers were refused (S-CRT 1.0); new versions leave it out.",
    },
    forbidden_when: conditionRef("The item must be blank when this condition holds."),
    max_length: {
      type: "integer",
      minimum: 1,
      maximum: DEFINITION_LIMITS.maxLength,
      description: `Text items: the most characters an answer may have (at most ${DEFINITION_LIMITS.maxLength.toLocaleString("en-GB")}; with a pattern, at most ${DEFINITION_LIMITS.patternAnswerLength.toLocaleString("en-GB")}).`,
    },
    min_length: { type: "integer", minimum: 0, description: "Text items: the fewest characters an answer may have." },
    pattern: {
      ...nonEmptyText,
      maxLength: DEFINITION_LIMITS.patternLength,
      description: `Text items: a regular expression (JavaScript, \`u\` flag) the answer must match; anchor it with ^ and $ to match the whole answer. At most ${DEFINITION_LIMITS.patternLength} characters, and lint refuses one that could take very long on a long answer (a repeated group that itself repeats, like \`(a+)+\`; alternatives of a repeated group that can match the same text, like \`(\\w|\\d)+\`; two repeats side by side that can match the same text, like \`\\d*\\d*\`). It runs only on an answer within max_length.`,
    },
    choices: described(identifier, "Choice items: the name of the choice list in choices/ that holds the codes."),
    schemes: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { enum: ["http", "https"] },
      description: "url items: the web address schemes allowed. Default `[https]`.",
    },
    min_items: { type: "integer", minimum: 0, description: "Multiple choice and repeating group items: the fewest choices or entries." },
    max_items: { type: "integer", minimum: 1, description: "Multiple choice and repeating group items: the most choices or entries." },
    items: {
      type: "array",
      minItems: 1,
      maxItems: DEFINITION_LIMITS.groupItems,
      items: { $ref: "#/definitions/item" },
      description: `Repeating group items: the items of each entry (at most ${DEFINITION_LIMITS.groupItems}). Groups do not nest.`,
    },
    entry_label: described(nonEmptyText, "Repeating group items: what one entry is called, e.g. Recommendation."),
    default: described(nonEmptyText, "Text, single choice and date items: the answer a new record starts with: a text, a code of the item's choice list, or `today` for a date."),
    writers: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...WRITER_ROLES] },
      description: "The roles that may write this item: `editor`, `regional`, `national`. Default: the collection's default_writers.",
    },
    unique: exactKeys("Short text items: no two records may share a value (checked by the server).", ["within"], {
        within: { enum: ["owner", "collection"], description: "`owner`: unique among one owner organisation's records; `collection`: among all records." },
        ignore_case: { type: "boolean", description: "`true`: values that differ only in capital letters count as the same." },
      }),
    messages: {
      title: "ItemMessages",
      type: "object",
      additionalProperties: false,
      description: "Your own wording for this item's error messages, in place of the GOV.UK-style defaults. Wording only: it may be improved in a published version.",
      properties: Object.fromEntries(Object.entries(MESSAGE_KEYS).map(([k, text]) => [k, described(nonEmptyText, text)])),
    },
  },
} as const;

const OPERATOR_TEXT: Record<(typeof DATE_OPERATORS)[number], string> = {
  before: "The item's date must be earlier than this item's date, or `today`.",
  not_before: "The item's date must be the same as or later than this item's date, or `today`.",
  after: "The item's date must be later than this item's date, or `today`.",
  not_after: "The item's date must be the same as or earlier than this item's date, or `today`.",
};

const rule = {
  title: "RuleDefinition",
  description: "A cross-field date rule: the item's date compared with another date item or today. Give exactly one of before, not_before, after and not_after.",
  type: "object",
  additionalProperties: false,
  required: ["item", "message"],
  minProperties: 3,
  maxProperties: 4,
  properties: {
    id: described(identifier, "A name for the rule, unique in the version, to tell rules on the same item apart."),
    item: described(itemPath, "The date item the rule is about; `group.item` for an item of a repeating group."),
    ...Object.fromEntries(DATE_OPERATORS.map((op) => [op, described(itemPath, OPERATOR_TEXT[op])])),
    message: described(nonEmptyText, "The error shown when the rule fails. `{other}` becomes the other date, e.g. 3 March 2024. Wording only: it may be improved in a published version."),
  },
} as const;

const section = {
  title: "SectionDefinition",
  description: "A group of items shown together.",
  type: "object",
  additionalProperties: false,
  required: ["id", "title", "items"],
  properties: {
    id: described(identifier, "The section's machine name, unique in the version."),
    title: described(nonEmptyText, "The heading shown above the section, and its name in the task list when the version's layout is `pages`."),
    description: described(nonEmptyText, "Text shown under the heading."),
    items: { type: "array", minItems: 1, items: identifier, description: "The keys of the top-level items in this section, in display order." },
  },
} as const;

export const versionSchema = {
  $id: "https://s-crt.example/schemas/version.json",
  title: "VersionDefinition",
  description: "One version of a collection's form: versions/<V>.yaml.",
  type: "object",
  additionalProperties: false,
  required: ["language", "collection", "version", "status", "effective_from", "items"],
  properties: {
    language,
    collection: described(collectionId, "The collection this version belongs to; equals collection.yaml's collection."),
    version: described(versionNumber, "The version number, quoted like `\"2.0\"`; equals the file name."),
    status: {
      enum: [...VERSION_STATUSES],
      description: "`draft` (being written), `published` (at most one: takes new records) or `retired` (read-only). Changed by forms publish and forms retire.",
    },
    effective_from: described(isoDate, "The date the version came into force."),
    supersedes: described(versionNumber, "The version this one replaces."),
    title: described(nonEmptyText, "The form's title. Default: the collection's title and the version number."),
    owner_organisation_type: described(identifier, "Overrides the collection's owner_organisation_type for records of this version."),
    sections: {
      type: "array",
      minItems: 1,
      items: section,
      description: "Display groups. When given, every top-level item is in exactly one section. Display only: sections may be regrouped in a published version.",
    },
    layout: {
      enum: ["single_page", "pages"],
      description:
        "How the form is shown: `single_page` (default: every section on one page) or `pages` (each section its own page, reached from a task list that says which are completed). Needs sections. Display only: it may be changed in a published version.",
    },
    items: { type: "array", minItems: 1, maxItems: DEFINITION_LIMITS.items, items: { $ref: "#/definitions/item" }, description: `The data items, in display order (at most ${DEFINITION_LIMITS.items}).` },
    rules: { type: "array", maxItems: DEFINITION_LIMITS.rules, items: rule, description: `Cross-field date rules (at most ${DEFINITION_LIMITS.rules}).` },
  },
  definitions: { condition, item },
} as const;

export const collectionSchema = {
  $id: "https://s-crt.example/schemas/collection.json",
  title: "CollectionDefinition",
  description: "The settings of a collection: collection.yaml.",
  type: "object",
  additionalProperties: false,
  required: ["language", "collection", "title", "owner_organisation_type"],
  properties: {
    language,
    collection: described(collectionId, "The collection's id, e.g. `s-crt`; equals the folder name."),
    title: described(nonEmptyText, "The collection's full name."),
    short_title: described(nonEmptyText, "A short name for headings and menus. Default: the title."),
    description: described(nonEmptyText, "What the collection records and why, shown to people."),
    owner_organisation_type: described(identifier, "The kind of organisation that owns a record (`icb`, `ccg`, ...). A version may override it."),
    default_writers: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...WRITER_ROLES] },
      description: "The roles that may write items that do not name their own writers. Default `[editor]`.",
    },
    record_title: described(identifier, "The item that names a record in lists."),
    list: {
      type: "object",
      additionalProperties: false,
      description: "How lists of records are shown.",
      properties: {
        filters: { type: "array", items: identifier, description: "Items people can filter the list by." },
        search: { type: "array", items: identifier, description: "Text items the search box looks in." },
        columns: { type: "array", items: identifier, description: "Items shown as columns, in order." },
        date_filters: {
          type: "array",
          uniqueItems: true,
          items: identifier,
          description: "Date items people can narrow the list by, each with a from and a to date (both days included).",
        },
        views: {
          type: "array",
          description: "Saved views: named filters offered above the list to the roles that need them. A record is in a view when every test given holds.",
          items: exactKeys("One saved view of the list.", ["id", "title", "roles"], {
            id: described(identifier, "The view's name in the list's address (`?view=...`)."),
            title: described(nonEmptyText, "What the view shows, for people, e.g. `DHRs awaiting regional acceptance`."),
            roles: {
              type: "array",
              minItems: 1,
              uniqueItems: true,
              items: { enum: [...READER_ROLES] },
              description: "The roles offered the view: `editor` and `viewer` (people of an owner organisation), `regional`, `national`.",
            },
            when: conditionRef("Records whose answers meet this condition (as the dashboard's `outstanding` counts use)."),
            complete: { type: "boolean", description: "`true`: records that meet every rule of their version; `false`: records that do not (for example brought in by a migration with answers missing)." },
            migrated: { type: "boolean", description: "`true`: records brought in by a legacy import or changed by a version migration; `false`: records never touched by either." },
            not_updated_for_days: { type: "integer", minimum: 1, description: "Records nobody has changed for at least this many days." },
          }),
        },
      },
    },
    dashboard: exactKeys(
      "The assurance dashboard and its quarterly report: what makes a record open, which dates open and close it, and what is counted. Every item named is an item of the published version.",
      ["open_when", "opened_on"],
      {
        open_when: conditionRef("Holds while a record is open (for example `{ item: status, equals: open }`); a record for which it does not hold counts as closed."),
        opened_on: described(identifier, "The date item that says when a record was opened: it counts as new in the quarter that holds this date, and its age is measured from it."),
        closed_on: described(identifier, "The date item that says when a record was closed: it counts as closed in the quarter that holds this date."),
        breakdowns: { type: "array", uniqueItems: true, items: identifier, description: "Choice items counted code by code (a multiple choice counts a record once for each of its codes), in the order shown." },
        durations: {
          type: "array",
          description: "Median times between two dates, over the records that have both.",
          items: exactKeys("A time from one date item to another.", ["id", "label", "from", "to"], {
            id: described(identifier, "The duration's name in the API."),
            label: described(nonEmptyText, "What it measures, for people, e.g. `Days from incident to report signed off`."),
            from: described(identifier, "The earlier date item."),
            to: described(identifier, "The later date item."),
          }),
        },
        outstanding: {
          type: "array",
          description: "Records waiting on something, counted when a condition holds (for example a review whose assurance is not yet given).",
          items: exactKeys("A count of records for which a condition holds.", ["id", "label", "when"], {
            id: described(identifier, "The count's name in the API."),
            label: described(nonEmptyText, "What is counted, for people."),
            when: conditionRef("The records counted."),
          }),
        },
      },
    ),
    record_status: exactKeys("The single choice item that says where a record stands (open, closed, ...), shown as a coloured tag beside the record's title.", ["item"], {
      item: described(identifier, "The single choice item, e.g. `status`."),
      colours: {
        type: "object",
        minProperties: 1,
        propertyNames: code,
        additionalProperties: { enum: [...TAG_COLOURS] },
        description: `The tag's colour for each code of the item's choice list (\`${TAG_COLOURS.join("`, `")}\`); a code not named is shown in the default colour (blue).`,
      },
    }),
    actions: {
      type: "array",
      description:
        "Things a person does to a record in one step (close it, record an acceptance) on a page that asks only a few questions. The server offers an action on a record when its `when` holds and the person may write every item it asks and sets; it saves the whole record, checked by the version's validator as any change is.",
      items: exactKeys("One action.", ["id", "title", "asks", "done"], {
        id: described(identifier, "The action's name in addresses and the API (`/c/s-crt/<record>/actions/close`); unique in the collection."),
        title: described(nonEmptyText, "What the action does, as its button and its page's heading, e.g. `Close this case`."),
        when: conditionRef("The action is offered only on records for which this condition holds (on their answers before the action). Default: always."),
        sets: {
          type: "object",
          minProperties: 1,
          propertyNames: identifier,
          additionalProperties: code,
          description: "Answers the action gives without asking: each single choice item with the code it is set to, e.g. `{ status: closed }`.",
        },
        asks: { type: "array", minItems: 1, uniqueItems: true, items: identifier, description: "The top-level items asked on the action's page, in order: the only questions shown there." },
        done: described(nonEmptyText, "The success message once it is saved; `{record}` becomes the record's title, e.g. `Case {record} closed`."),
        waiting_list: described(
          nonEmptyText,
          "The heading of a list of the records, in the person's scope, on which the action is offered and every asked item is still blank, e.g. `DHRs awaiting regional acceptance`. Those who may take the action are shown how many there are on the list of records. Default: no such list.",
        ),
      }),
    },
    learning: exactKeys("The learning library: which text items are searched across every record a user may see.", ["items"], {
      items: { type: "array", minItems: 1, uniqueItems: true, items: identifier, description: "Long or short text items searched and shown as passages, in order." },
      filters: { type: "array", uniqueItems: true, items: identifier, description: "Choice items the search can be narrowed by." },
      signed_off: described(identifier, "The date item whose quarter the search can be narrowed by (for example the date the report was signed off)."),
    }),
  },
  definitions: { condition },
} as const;

export const choiceListSchema = {
  $id: "https://s-crt.example/schemas/choice-list.json",
  title: "ChoiceListDefinition",
  description: "A list of codes and labels for choice items: choices/<list>.yaml.",
  type: "object",
  additionalProperties: false,
  required: ["language", "list", "choices"],
  properties: {
    language,
    list: described(identifier, "The list's name, used by items' choices; equals the file name."),
    title: described(nonEmptyText, "What the list is, for the data dictionary."),
    choices: {
      type: "array",
      minItems: 1,
      maxItems: DEFINITION_LIMITS.choices,
      description: `The choices, in display order (at most ${DEFINITION_LIMITS.choices.toLocaleString("en-GB")}).`,
      items: {
        title: "ChoiceDefinition",
        description: "One answer of a choice list.",
        type: "object",
        additionalProperties: false,
        required: ["code", "label"],
        properties: {
          code: described(code, "The stored value: lowercase letters, digits and _. Never changes meaning."),
          label: described(nonEmptyText, "The answer shown to people."),
          hint: described(nonEmptyText, "Help shown under the answer."),
          retired: {
            anyOf: [{ type: "boolean" }, isoDate],
            description: "`true`, or the date it was retired: the code stays valid in stored records but is no longer offered.",
          },
        },
      },
    },
  },
} as const;

const itemKey = identifier;
const fromItem = described(itemKey, "The item of the old version.");
const toItem = described(itemKey, "The item of the new version.");
const stepReason = (what: string) => described(nonEmptyText, what);

export const migrationSchema = {
  $id: "https://s-crt.example/schemas/migration.json",
  title: "MigrationDefinition",
  description: "How stored records move from one version to the next: migrations/<from>-to-<to>.yaml.",
  type: "object",
  additionalProperties: false,
  required: ["language", "collection", "from", "to", "steps"],
  properties: {
    language,
    collection: described(collectionId, "The collection; equals collection.yaml's collection."),
    from: described(versionNumber, "The version records are migrated from, quoted like `\"1.0\"`."),
    to: described(versionNumber, "The version records are migrated to, quoted like `\"2.0\"`."),
    description: described(nonEmptyText, "What the migration is for, in the migration report."),
    owner: exactKeys("How a record's owner organisation moves when the new version has a different owner organisation type.", ["resolve_to"], {
        resolve_to: described(identifier, "The new owner organisation type: each owner is resolved through the reference data to the organisation of this type open on the migration date."),
        note: described(nonEmptyText, "How the resolution works, for the migration report."),
      }),
    steps: {
      type: "array",
      minItems: 1,
      description: "What happens to the answers, in order. Each step has exactly one key: rename, copy, split, map_codes, default, archive, flag or accept_incomplete.",
      items: {
        title: "MigrationStep",
        description: "One step of a migration: exactly one of its keys.",
        type: "object",
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          rename: exactKeys("Moves an answer to an item with a new key.", ["from", "to"], { from: fromItem, to: toItem }),
          copy: exactKeys("Copies an answer into another item, keeping the original.", ["from", "to"], { from: fromItem, to: toItem }),
          split: exactKeys("Divides one old item into several new ones; a person finishes the division.", ["from", "to", "keep_in", "flag"], {
              from: fromItem,
              to: { type: "array", minItems: 2, items: itemKey, description: "The new items the answer is divided into." },
              keep_in: described(itemKey, "The new item that keeps the whole old answer until a person divides it."),
              flag: stepReason("Why a person must finish it, shown in the migration report."),
            }),
          map_codes: exactKeys("Replaces old codes of a choice item with new ones.", ["item", "codes"], {
              item: described(itemKey, "The choice item, by its new key."),
              codes: { type: "object", minProperties: 1, additionalProperties: code, description: "Each old code with the new code it becomes." },
            }),
          default: exactKeys("Gives a blank item a value.", ["item", "value"], {
              item: described(itemKey, "The item of the new version."),
              value: described(nonEmptyText, "A code, a text, a date or `today`."),
            }),
          archive: exactKeys("Keeps an old answer in the record's archive, out of the new version's items.", ["item"], { item: fromItem, reason: stepReason("Why it is archived, for the migration report.") }),
          flag: exactKeys("Lists records for a person to check, in the migration report.", ["reason"], {
              when: conditionRef("Only records for which this condition holds (on the old answers). Default: every record."),
              reason: stepReason("What the person should check."),
            }),
          accept_incomplete: exactKeys("Lets records that do not meet the new version's rules for these items come out incomplete, with the reason listed.", ["items", "reason"], {
              items: { type: "array", minItems: 1, items: itemKey, description: "The items of the new version." },
              reason: stepReason("Why, for the migration report."),
            }),
        },
      },
    },
  },
  definitions: { condition },
} as const;

/** The kinds of definition file, each with its own schema. */
export type FileKind = "version" | "collection" | "choice_list" | "migration";

/** The four schemas by the kind of file each checks. */
export const LANGUAGE_SCHEMAS: Record<FileKind, LanguageSchema> = {
  collection: collectionSchema,
  version: versionSchema,
  choice_list: choiceListSchema,
  migration: migrationSchema,
};
