/**
 * A synthetic migration with every step op, compiled from YAML and applied to records as a
 * pure function of (record, owner resolver, date).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { applyMigration, type CompiledMigration, type OwnerResolver, type RecordData } from "../index.ts";
import { compileSynthetic, type CollectionSpec } from "../test-support/synthetic.ts";

const text = (key: string, extra: Record<string, unknown> = {}) => ({ key, label: key.replace(/_/g, " "), type: "short_text", ...extra });

const MIGRATING: CollectionSpec = {
  collection: { owner_organisation_type: "ccg" },
  choices: { kind: ["a", "b", "old"], kind_new: ["a", "b"], tag: ["x", "y", "z"], tag_new: ["x", "y"], status: ["open", "closed"] },
  versions: {
    "1.0": {
      items: [
        text("old_name"),
        text("source"),
        { key: "combined", label: "combined", type: "long_text" },
        { key: "kind", label: "kind", type: "single_choice", choices: "kind" },
        { key: "tags", label: "tags", type: "multiple_choice", choices: "tag" },
        text("dropped"),
      ],
    },
    "2.0": {
      supersedes: "1.0",
      owner_organisation_type: "icb",
      items: [
        text("new_name"),
        text("source"),
        text("copy_target"),
        { key: "part_a", label: "part a", type: "long_text" },
        { key: "part_b", label: "part b", type: "long_text" },
        { key: "kind", label: "kind", type: "single_choice", choices: "kind_new" },
        { key: "tags", label: "tags", type: "multiple_choice", choices: "tag_new" },
        { key: "status", label: "status", type: "single_choice", choices: "status", required: true },
        { key: "reviewed_on", label: "reviewed on", type: "date", required: true },
        text("must_have", { required: true }),
      ],
    },
  },
  migrations: {
    "1.0-to-2.0": {
      owner: { resolve_to: "icb" },
      steps: [
        { rename: { from: "old_name", to: "new_name" } },
        { copy: { from: "source", to: "copy_target" } },
        { split: { from: "combined", to: ["part_a", "part_b"], keep_in: "part_a", flag: "Split combined into part a and part b" } },
        { map_codes: { item: "kind", codes: { old: "b" } } },
        { map_codes: { item: "tags", codes: { z: "y" } } },
        { default: { item: "status", value: "open" } },
        { default: { item: "reviewed_on", value: "today" } },
        { archive: { item: "dropped", reason: "No 2.0 item" } },
        { flag: { when: { item: "kind", equals: "old" }, reason: "Kind was old" } },
        { flag: { reason: "Every record is checked" } },
        { accept_incomplete: { items: ["must_have"], reason: "New required item" } },
      ],
    },
  },
};

const DATE = "2025-04-01";
const FULL: RecordData = { old_name: "Name", source: "Source", combined: "Both parts", kind: "old", tags: ["x", "z", "y"], dropped: "Gone", stray: "Not in 1.0" };

describe("applyMigration", () => {
  let migration: CompiledMigration;
  beforeAll(async () => {
    const compiled = await compileSynthetic(MIGRATING);
    expect(compiled.migrations).toHaveLength(1);
    migration = compiled.migrations[0]!;
  });
  const apply = (data: RecordData, resolveOwner?: OwnerResolver, date = DATE) => applyMigration(migration, { data, ownerOrg: "00X" }, { date, ...(resolveOwner ? { resolveOwner } : {}) });

  it("compiles each step to its op, with the target version's items", () => {
    expect(migration.steps).toEqual([
      { op: "rename", from: "old_name", to: "new_name" },
      { op: "copy", from: "source", to: "copy_target" },
      { op: "split", from: "combined", to: ["part_a", "part_b"], keepIn: "part_a", flag: "Split combined into part a and part b" },
      { op: "map_codes", item: "kind", codes: { old: "b" } },
      { op: "map_codes", item: "tags", codes: { z: "y" } },
      { op: "default", item: "status", value: "open" },
      { op: "default", item: "reviewed_on", value: "today" },
      { op: "archive", item: "dropped", reason: "No 2.0 item" },
      { op: "flag", when: { item: "kind", equals: "old" }, reason: "Kind was old" },
      { op: "flag", reason: "Every record is checked" },
      { op: "accept_incomplete", items: ["must_have"], reason: "New required item" },
    ]);
    expect(migration).toMatchObject({ collection: "synthetic", from: "1.0", to: "2.0", owner: { resolveTo: "icb" } });
    expect(migration.targetItems).toEqual(["new_name", "source", "copy_target", "part_a", "part_b", "kind", "tags", "status", "reviewed_on", "must_have"]);
  });

  it("carries every answer to a target item, the archive or a note", () => {
    const outcome = apply(FULL);
    expect(outcome.data).toEqual({
      new_name: "Name",
      source: "Source",
      copy_target: "Source",
      part_a: "Both parts",
      kind: "b",
      tags: ["x", "y"],
      status: "open",
      reviewed_on: DATE,
    });
    expect(outcome.archive).toEqual({ dropped: "Gone", stray: "Not in 1.0" });
    expect(outcome.flags).toEqual(["Split combined into part a and part b", "Kind was old", "Every record is checked"]);
    expect(outcome.notes).toEqual([
      { item: "old_name", action: "renamed", detail: "old_name → new_name" },
      { item: "source", action: "copied", detail: "source → copy_target" },
      { item: "combined", action: "split", detail: "combined → part_a (part_b left empty)" },
      { item: "kind", action: "codes_mapped", detail: '"old" → "b"' },
      { item: "tags", action: "codes_mapped", detail: '["x","z","y"] → ["x","y"]' },
      { item: "status", action: "defaulted", detail: "status set to open" },
      { item: "reviewed_on", action: "defaulted", detail: `reviewed_on set to ${DATE}` },
      { item: "dropped", action: "archived", detail: "No 2.0 item" },
      { item: "stray", action: "archived", detail: "not an item of version 2.0" },
    ]);
  });

  it("does only what applies to a record with few answers", () => {
    const outcome = apply({ kind: "a", status: "closed", combined: "  ", tags: ["x"] });
    expect(outcome.data).toEqual({ kind: "a", status: "closed", tags: ["x"], reviewed_on: DATE });
    expect(outcome.archive).toEqual({});
    // A blank value is split away without a flag: there is nothing for a person to finish.
    expect(outcome.flags).toEqual(["Every record is checked"]);
    expect(outcome.notes).toEqual([
      { item: "combined", action: "split", detail: "combined → part_a (part_b left empty)" },
      { item: "reviewed_on", action: "defaulted", detail: `reviewed_on set to ${DATE}` },
    ]);
  });

  it("does not copy a blank answer, but still renames one", () => {
    const outcome = apply({ source: "", old_name: "" });
    expect(outcome.data).toEqual({ source: "", new_name: "", status: "open", reviewed_on: DATE });
    expect(outcome.notes.map((n) => n.action)).toEqual(["renamed", "defaulted", "defaulted"]);
  });

  it("is pure: the record is not changed, and the same input gives the same outcome", () => {
    const data = structuredClone(FULL);
    const first = apply(data);
    expect(data).toEqual(FULL);
    expect(apply(data)).toEqual(first);
    // Only the date-dependent default differs on another day.
    const later = apply(data, undefined, "2026-01-01");
    expect({ ...later.data, reviewed_on: DATE }).toEqual(first.data);
    expect(later.data.reviewed_on).toBe("2026-01-01");
  });

  it("asks the resolver where the owner goes, or leaves it pending without one", () => {
    const calls: string[][] = [];
    const resolver: OwnerResolver = (code, date, type) => {
      calls.push([code, date, type]);
      return { kind: "moved", code: "QXX", rule: `${code} → QXX` };
    };
    expect(apply({}, resolver).owner).toEqual({ kind: "moved", code: "QXX", rule: "00X → QXX" });
    expect(calls).toEqual([["00X", DATE, "icb"]]);
    expect(apply({}).owner).toEqual({ kind: "pending", candidates: [], reason: "no organisation reference data given" });
  });
});
