/**
 * Applies a compiled migration to one record: a pure function of (record, owner resolver,
 * date). Nothing is dropped silently: every answer ends up in a target item, in the archive,
 * or in the outcome's notes.
 */
import { evaluateCondition, isPresent } from "../runtime/conditions.ts";
import type { CompiledMigration } from "./compiled-migration.ts";

export type RecordData = Record<string, unknown>;

/** How the owner moves, as the caller's OwnerResolver decides: the engine knows no organisation model. */
export type OwnerResolution =
  | { kind: "same"; code: string; rule: string }
  | { kind: "moved"; code: string; rule: string }
  | { kind: "pending"; candidates: string[]; reason: string };

export type OwnerResolver = (code: string, date: string, targetType: string) => OwnerResolution;

export interface MigrationNote {
  item: string;
  action: "renamed" | "copied" | "split" | "codes_mapped" | "defaulted" | "archived";
  detail: string;
}

export interface MigrationOutcome {
  data: RecordData;
  /** Answers with no place in the target version, kept with the record. */
  archive: RecordData;
  /** Reasons a person should review the record. */
  flags: string[];
  notes: MigrationNote[];
  owner: OwnerResolution | null;
}

export function applyMigration(migration: CompiledMigration, record: { data: RecordData; ownerOrg: string }, context: { date: string; resolveOwner?: OwnerResolver }): MigrationOutcome {
  const source = record.data;
  const data: RecordData = structuredClone(source);
  const archive: RecordData = {};
  const flags: string[] = [];
  const notes: MigrationNote[] = [];

  for (const step of migration.steps) {
    switch (step.op) {
      case "rename":
        if (step.from in data) {
          data[step.to] = data[step.from];
          delete data[step.from];
          notes.push({ item: step.from, action: "renamed", detail: `${step.from} → ${step.to}` });
        }
        break;
      case "copy":
        if (isPresent(data[step.from])) {
          data[step.to] = structuredClone(data[step.from]);
          notes.push({ item: step.from, action: "copied", detail: `${step.from} → ${step.to}` });
        }
        break;
      case "split":
        if (step.from in data) {
          if (isPresent(data[step.from])) {
            data[step.keepIn] = data[step.from];
            flags.push(step.flag);
          }
          delete data[step.from];
          notes.push({ item: step.from, action: "split", detail: `${step.from} → ${step.keepIn} (${step.to.filter((t) => t !== step.keepIn).join(", ")} left empty)` });
        }
        break;
      case "map_codes": {
        const value = data[step.item];
        const map = (code: unknown) => (typeof code === "string" && code in step.codes ? step.codes[code]! : code);
        const mapped = Array.isArray(value) ? [...new Set(value.map(map))] : map(value);
        if (JSON.stringify(mapped) !== JSON.stringify(value)) {
          data[step.item] = mapped;
          notes.push({ item: step.item, action: "codes_mapped", detail: `${JSON.stringify(value)} → ${JSON.stringify(mapped)}` });
        }
        break;
      }
      case "default":
        if (!isPresent(data[step.item])) {
          data[step.item] = step.value === "today" ? context.date : step.value;
          notes.push({ item: step.item, action: "defaulted", detail: `${step.item} set to ${String(data[step.item])}` });
        }
        break;
      case "archive":
        if (step.item in data) {
          archive[step.item] = data[step.item];
          delete data[step.item];
          notes.push({ item: step.item, action: "archived", detail: step.reason });
        }
        break;
      case "flag":
        if (!step.when || evaluateCondition(step.when, source)) flags.push(step.reason);
        break;
      case "accept_incomplete":
        break;
    }
  }
  // Safety net: whatever the target version has no item for is archived, never dropped.
  for (const key of Object.keys(data)) {
    if (!migration.targetItems.includes(key)) {
      archive[key] = data[key];
      delete data[key];
      notes.push({ item: key, action: "archived", detail: `not an item of version ${migration.to}` });
    }
  }
  const owner = migration.owner
    ? context.resolveOwner
      ? context.resolveOwner(record.ownerOrg, context.date, migration.owner.resolveTo)
      : { kind: "pending" as const, candidates: [], reason: "no organisation reference data given" }
    : null;
  return { data, archive, flags, notes, owner };
}
