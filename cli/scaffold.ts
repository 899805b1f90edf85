/**
 * The files of a new collection, as `forms new` writes them: settings, a first draft version,
 * a choice list, who may write what, list, record status and dashboard settings. Every part
 * is a small working example with comments saying what to change, and the whole lints clean,
 * so the data standards team starts from something that runs rather than from a blank page.
 */
import { join } from "node:path";
import { LANGUAGE_VERSION, schemaLineFor } from "../engine/index.ts";

/** What a collection id may be: the language's own rule for collection ids. */
export const COLLECTION_ID = /^[a-z][a-z0-9-]*$/;

/** "incident-log" → "Incident log": a sentence-case title to start from. */
export function titleOf(id: string): string {
  const words = id.replace(/-/g, " ");
  return words[0]!.toUpperCase() + words.slice(1);
}

/** Each file of the new collection by its path inside the collection folder. */
export function scaffoldFiles(id: string, dir: string, today: string): Map<string, string> {
  const title = titleOf(id);
  const header = (kind: Parameters<typeof schemaLineFor>[0], sub: string) => `${schemaLineFor(kind, join(dir, sub))}\n`;
  const files = new Map<string, string>();

  files.set(
    "collection.yaml",
    `${header("collection", ".")}# Settings of the ${title} collection (see forms/README.md, "Host a new collection").
# The folder name is the collection's id: it appears in addresses (/c/${id}) and the API.
language: ${LANGUAGE_VERSION}
collection: ${id}
title: ${title}
short_title: ${title}
description: >-
  What this collection records, who records it and why. Say it in a sentence or two: it is
  shown to the people who use the tracker.
# Records belong to an ICB: ICB users see and write their own ICB's, regional users read their
# region's, national users read all.
owner_organisation_type: icb
# Who may write an item that does not name its own writers: editor, regional, national.
default_writers: [editor]
# The item that names a record in lists, on its page and in messages.
record_title: reference
list:
  filters: [status]
  search: [reference, summary]
  columns: [reference, status, date_opened]
  date_filters: [date_opened]
record_status:
  item: status
  colours: { open: blue, closed: grey }
actions:
  - id: close
    title: Close this record
    when: { item: status, equals: open }
    sets: { status: closed }
    asks: [date_closed]
    done: Record {record} closed
dashboard:
  open_when: { item: status, equals: open }
  opened_on: date_opened
  closed_on: date_closed
  breakdowns: [status]
  durations:
    - id: opened_to_closed
      label: Days from opened to closed
      from: date_opened
      to: date_closed
`,
  );

  files.set(
    "versions/1.0.yaml",
    `${header("version", "versions")}# ${title}, version 1.0: the first version. It is a draft until
# \`npm run scrt -- forms publish ${id} 1.0\` publishes it; from then on it is fixed.
language: ${LANGUAGE_VERSION}
collection: ${id}
version: "1.0"
status: draft
effective_from: ${today}
title: ${title}, version 1.0

sections:
  - id: details
    title: Details
    items: [reference, status, date_opened, date_closed]
  - id: about
    title: About the record
    items: [summary]

items:
  - key: reference
    label: Reference
    question: What is the reference?
    message_name: the reference
    hint: Your organisation's reference for this record.
    type: short_text
    max_length: 30
    required: true
    unique: { within: owner, ignore_case: true }
    messages:
      unique: Another record of your ICB already has this reference

  - key: status
    label: Status
    type: single_choice
    choices: ${id.replace(/-/g, "_")}_status
    required: true
    default: open

  - key: date_opened
    label: Date opened
    type: date
    required: true
    default: today

  - key: date_closed
    label: Date closed
    type: date
    shown_when: { item: status, equals: closed }
    required_when: { item: status, equals: closed }

  - key: summary
    label: Summary
    hint: Do not include names or other details that identify people.
    type: long_text
    max_length: 2000
    # Who may write this item, if not the collection's default_writers.
    writers: [editor, national]

rules:
  - item: date_opened
    not_after: today
    message: Date opened must be today or in the past
  - item: date_closed
    not_before: date_opened
    message: Date closed must be the same as or after the date opened ({other})
  - item: date_closed
    not_after: today
    message: Date closed must be today or in the past
`,
  );

  const list = `${id.replace(/-/g, "_")}_status`;
  files.set(
    `choices/${list}.yaml`,
    `${header("choice_list", "choices")}# The codes of a choice list never change meaning; retire one (retired: true) rather than reuse it.
language: ${LANGUAGE_VERSION}
list: ${list}
title: Status of a record
choices:
  - code: open
    label: Open
  - code: closed
    label: Closed
`,
  );
  return files;
}
