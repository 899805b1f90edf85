import { describe, expect, it } from "vitest";
import { scrt } from "../form/test-fixtures.ts";
import { answersAtRevision, compareVersions } from "./conflict.ts";

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

describe("the answers at an earlier revision, worked back from the history", () => {
  const history = [
    { revision: 1, version: "2.0", changes: [{ item: "status", before: null, after: "open" }, { item: "brief_overview", before: null, after: "First" }] },
    { revision: 2, version: "2.0", changes: [{ item: "brief_overview", before: "First", after: "Second" }, { item: "media_interest", before: null, after: "yes" }] },
    { revision: 3, version: "2.0", changes: [{ item: "latest_update", before: null, after: "Added" }, { item: "brief_overview", before: "Second", after: "Third" }] },
  ];
  const latest = { revision: 3, version: "2.0", data: { status: "open", brief_overview: "Third", media_interest: "yes", latest_update: "Added" } };

  it("undoes each later revision's changes, removing answers that were not there yet", () => {
    expect(answersAtRevision(latest, history, 1)).toEqual({ status: "open", brief_overview: "First" });
    expect(answersAtRevision(latest, history, 2)).toEqual({ status: "open", brief_overview: "Second", media_interest: "yes" });
    expect(answersAtRevision(latest, history, 3)).toEqual(latest.data);
  });

  it("gives up when a revision in between is missing or moved the case to another version", () => {
    expect(answersAtRevision(latest, history.filter((e) => e.revision !== 2), 1)).toBeUndefined();
    expect(answersAtRevision(latest, history.map((e) => (e.revision === 2 ? { ...e, version: "1.0" } : e)), 1)).toBeUndefined();
    expect(answersAtRevision(latest, history, 4)).toBeUndefined();
  });
});
