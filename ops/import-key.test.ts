import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCollectionDir, PROJECT_ROOT } from "../engine/index.ts";
import { importKey } from "./import-legacy.ts";

const actionPlan = compileCollectionDir(join(PROJECT_ROOT, "examples/action-plan"))[0]!;
const scrt10 = compileCollectionDir(join(PROJECT_ROOT, "forms/s-crt")).find((f) => f.version === "1.0")!;

describe("importKey: what makes two legacy rows the same case", () => {
  it("uses the owner and the items the version marks unique, compared as the definition says", () => {
    const ref = actionPlan.items.find((i) => i.unique)!;
    expect(ref.unique).toEqual({ within: "owner", ignoreCase: true });
    const a = importKey(actionPlan, "QE1", { [ref.key]: "AP-1", other: "x" });
    expect(importKey(actionPlan, "QE1", { [ref.key]: "ap-1", other: "y" })).toBe(a);
    expect(importKey(actionPlan, "QMF", { [ref.key]: "AP-1" })).not.toBe(a);
    expect(importKey(actionPlan, "QE1", { [ref.key]: "AP-2" })).not.toBe(a);
  });

  it("for a version that marks nothing unique, uses every answer: a repeat adds nothing, a different row is never merged", () => {
    expect(scrt10.items.some((i) => i.unique)).toBe(false);
    const row = { steis_or_local_id: "2021/1", brief_overview: "A" };
    expect(importKey(scrt10, "00Q", { brief_overview: "A", steis_or_local_id: "2021/1" })).toBe(importKey(scrt10, "00Q", row));
    expect(importKey(scrt10, "00Q", { ...row, brief_overview: "B" })).not.toBe(importKey(scrt10, "00Q", row));
    // The record title (steis_or_local_id) alone does not make two rows one case.
    expect(scrt10.collection.recordTitle).toBe("steis_or_local_id");
  });
});
