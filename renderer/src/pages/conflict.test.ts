import { describe, expect, it } from "vitest";
import { scrt } from "../form/test-fixtures.ts";
import { compareVersions } from "./conflict.ts";

describe("comparing a user's answers with a version saved meanwhile", () => {
  const opened = { status: "open", brief_overview: "Original", designated_professional: "Jo", latest_update: "Old" };

  it("keeps both people's changes, lists theirs, and lets mine win where both changed an item", () => {
    const mine = { ...opened, brief_overview: "Mine", latest_update: "Mine too" };
    const theirs = { ...opened, designated_professional: "Sam", latest_update: "Theirs" };
    const result = compareVersions(scrt, opened, mine, theirs);
    expect(result.merged).toEqual({ status: "open", brief_overview: "Mine", designated_professional: "Sam", latest_update: "Mine too" });
    expect(result.theirChanges.map((c) => c.key)).toEqual(["designated_professional", "latest_update"]);
    expect(result.clashes).toEqual([{ key: "latest_update", before: "Old", theirs: "Theirs", mine: "Mine too" }]);
  });

  it("removes an answer this user cleared, and keeps one the other person added", () => {
    const { latest_update: _cleared, ...mine } = opened;
    const theirs = { ...opened, media_interest: "yes" };
    const result = compareVersions(scrt, opened, mine, theirs);
    expect(result.merged).toEqual({ status: "open", brief_overview: "Original", designated_professional: "Jo", media_interest: "yes" });
    expect(result.clashes).toEqual([]);
  });

  it("does not count the same change made by both as a clash", () => {
    const both = { ...opened, brief_overview: "Same words" };
    expect(compareVersions(scrt, opened, both, both).clashes).toEqual([]);
  });
});
