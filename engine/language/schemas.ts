/**
 * The definition language's own JSON Schemas. Every YAML file in forms/ is checked against
 * one of these before any semantic check runs, so unknown keys and wrong shapes are
 * reported with the file, line and column of the offending node.
 */
import { DATE_OPERATORS, ITEM_TYPES, VERSION_STATUSES, WRITER_ROLES } from "./types.ts";

const identifier = { type: "string", pattern: "^[a-z][a-z0-9_]*$" } as const;
const isoDate = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } as const;
const nonEmptyText = { type: "string", minLength: 1 } as const;

const condition = {
  oneOf: [
    { type: "object", additionalProperties: false, required: ["item", "equals"], properties: { item: identifier, equals: nonEmptyText } },
    { type: "object", additionalProperties: false, required: ["item", "in"], properties: { item: identifier, in: { type: "array", minItems: 1, items: nonEmptyText } } },
    { type: "object", additionalProperties: false, required: ["item", "includes"], properties: { item: identifier, includes: nonEmptyText } },
    { type: "object", additionalProperties: false, required: ["item", "present"], properties: { item: identifier, present: { type: "boolean" } } },
    { type: "object", additionalProperties: false, required: ["all"], properties: { all: { type: "array", minItems: 1, items: { $ref: "#/definitions/condition" } } } },
    { type: "object", additionalProperties: false, required: ["any"], properties: { any: { type: "array", minItems: 1, items: { $ref: "#/definitions/condition" } } } },
    { type: "object", additionalProperties: false, required: ["not"], properties: { not: { $ref: "#/definitions/condition" } } },
  ],
} as const;

const messageKeys = ["required", "forbidden", "pattern", "max_length", "min_length", "invalid", "unique", "min_items", "max_items"];

const item = {
  type: "object",
  additionalProperties: false,
  required: ["key", "label", "type"],
  properties: {
    key: identifier,
    label: nonEmptyText,
    hint: nonEmptyText,
    type: { enum: [...ITEM_TYPES] },
    required: { type: "boolean" },
    required_when: { $ref: "#/definitions/condition" },
    shown_when: { $ref: "#/definitions/condition" },
    keep_when_hidden: { type: "boolean" },
    forbidden_when: { $ref: "#/definitions/condition" },
    max_length: { type: "integer", minimum: 1 },
    min_length: { type: "integer", minimum: 0 },
    pattern: nonEmptyText,
    choices: identifier,
    schemes: { type: "array", minItems: 1, uniqueItems: true, items: { enum: ["http", "https"] } },
    min_items: { type: "integer", minimum: 0 },
    max_items: { type: "integer", minimum: 1 },
    items: { type: "array", minItems: 1, items: { $ref: "#/definitions/item" } },
    entry_label: nonEmptyText,
    default: nonEmptyText,
    writers: { type: "array", minItems: 1, uniqueItems: true, items: { enum: [...WRITER_ROLES] } },
    unique: {
      type: "object",
      additionalProperties: false,
      required: ["within"],
      properties: { within: { enum: ["owner", "collection"] }, ignore_case: { type: "boolean" } },
    },
    messages: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(messageKeys.map((k) => [k, nonEmptyText])),
    },
  },
} as const;

const rule = {
  type: "object",
  additionalProperties: false,
  required: ["item", "message"],
  minProperties: 3,
  maxProperties: 4,
  properties: {
    id: identifier,
    item: { type: "string", pattern: "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$" },
    ...Object.fromEntries(DATE_OPERATORS.map((op) => [op, { type: "string", pattern: "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$" }])),
    message: nonEmptyText,
  },
} as const;

export const versionSchema = {
  $id: "https://s-crt.example/schemas/version.json",
  type: "object",
  additionalProperties: false,
  required: ["collection", "version", "status", "effective_from", "items"],
  properties: {
    collection: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
    version: { type: "string", pattern: "^\\d+\\.\\d+$" },
    status: { enum: [...VERSION_STATUSES] },
    effective_from: isoDate,
    supersedes: { type: "string", pattern: "^\\d+\\.\\d+$" },
    title: nonEmptyText,
    owner_organisation_type: identifier,
    sections: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "title", "items"],
        properties: { id: identifier, title: nonEmptyText, description: nonEmptyText, items: { type: "array", minItems: 1, items: identifier } },
      },
    },
    items: { type: "array", minItems: 1, items: { $ref: "#/definitions/item" } },
    rules: { type: "array", items: rule },
  },
  definitions: { condition, item },
} as const;

export const collectionSchema = {
  $id: "https://s-crt.example/schemas/collection.json",
  type: "object",
  additionalProperties: false,
  required: ["collection", "title", "owner_organisation_type"],
  properties: {
    collection: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
    title: nonEmptyText,
    short_title: nonEmptyText,
    description: nonEmptyText,
    owner_organisation_type: identifier,
    default_writers: { type: "array", minItems: 1, uniqueItems: true, items: { enum: [...WRITER_ROLES] } },
    record_title: identifier,
    list: {
      type: "object",
      additionalProperties: false,
      properties: {
        filters: { type: "array", items: identifier },
        search: { type: "array", items: identifier },
        columns: { type: "array", items: identifier },
      },
    },
  },
} as const;

export const choiceListSchema = {
  $id: "https://s-crt.example/schemas/choice-list.json",
  type: "object",
  additionalProperties: false,
  required: ["list", "choices"],
  properties: {
    list: identifier,
    title: nonEmptyText,
    choices: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["code", "label"],
        properties: {
          code: { type: "string", pattern: "^[a-z0-9][a-z0-9_]*$" },
          label: nonEmptyText,
          hint: nonEmptyText,
          retired: { anyOf: [{ type: "boolean" }, isoDate] },
        },
      },
    },
  },
} as const;

const itemKey = identifier;

export const migrationSchema = {
  $id: "https://s-crt.example/schemas/migration.json",
  type: "object",
  additionalProperties: false,
  required: ["collection", "from", "to", "steps"],
  properties: {
    collection: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
    from: { type: "string", pattern: "^\\d+\\.\\d+$" },
    to: { type: "string", pattern: "^\\d+\\.\\d+$" },
    description: nonEmptyText,
    owner: {
      type: "object",
      additionalProperties: false,
      required: ["resolve_to"],
      properties: { resolve_to: identifier, note: nonEmptyText },
    },
    steps: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          rename: { type: "object", additionalProperties: false, required: ["from", "to"], properties: { from: itemKey, to: itemKey } },
          copy: { type: "object", additionalProperties: false, required: ["from", "to"], properties: { from: itemKey, to: itemKey } },
          split: {
            type: "object",
            additionalProperties: false,
            required: ["from", "to", "keep_in", "flag"],
            properties: { from: itemKey, to: { type: "array", minItems: 2, items: itemKey }, keep_in: itemKey, flag: nonEmptyText },
          },
          map_codes: {
            type: "object",
            additionalProperties: false,
            required: ["item", "codes"],
            properties: { item: itemKey, codes: { type: "object", minProperties: 1, additionalProperties: { type: "string", pattern: "^[a-z0-9][a-z0-9_]*$" } } },
          },
          default: { type: "object", additionalProperties: false, required: ["item", "value"], properties: { item: itemKey, value: nonEmptyText } },
          archive: { type: "object", additionalProperties: false, required: ["item"], properties: { item: itemKey, reason: nonEmptyText } },
          flag: { type: "object", additionalProperties: false, required: ["reason"], properties: { when: { $ref: "#/definitions/condition" }, reason: nonEmptyText } },
          accept_incomplete: {
            type: "object",
            additionalProperties: false,
            required: ["items", "reason"],
            properties: { items: { type: "array", minItems: 1, items: itemKey }, reason: nonEmptyText },
          },
        },
      },
    },
  },
  definitions: { condition },
} as const;
