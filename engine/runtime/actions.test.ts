/**
 * A collection's actions, compiled from collection.yaml and read over record data: when one
 * applies, when a record waits for it, the record it saves and its success message.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledForm } from "../index.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";
import { actionApplies, actionData, awaitsAction, doneMessage, findAction } from "./actions.ts";

let form: CompiledForm;
beforeAll(async () => {
  ({ form } = await compileSynthetic({
    collection: {
      record_title: "reference",
      record_status: { item: "status", colours: { closed: "grey" } },
      actions: [
        { id: "close", title: "Close it", when: { item: "status", equals: "open" }, sets: { status: "closed" }, asks: ["closed_on", "note"], done: "Record {record} closed", waiting_list: "Records to close" },
        { id: "note", title: "Add a note", asks: ["note"], done: "Note added" },
      ],
    },
    choices: { status: ["open", "closed"] },
    versions: {
      "1.0": {
        items: [
          { key: "reference", label: "Reference", type: "short_text" },
          { key: "status", label: "Status", type: "single_choice", choices: "status" },
          { key: "closed_on", label: "Closed on", type: "date" },
          { key: "note", label: "Note", type: "long_text" },
        ],
      },
    },
  }));
});

describe("compiled actions", () => {
  it("travel in the collection info, with the record status", () => {
    expect(form.collection.recordStatus).toEqual({ item: "status", colours: { closed: "grey" } });
    expect(form.collection.actions).toEqual([
      { id: "close", title: "Close it", when: { item: "status", equals: "open" }, sets: { status: "closed" }, asks: ["closed_on", "note"], done: "Record {record} closed", waitingList: "Records to close" },
      { id: "note", title: "Add a note", sets: {}, asks: ["note"], done: "Note added" },
    ]);
  });

  it("apply when their condition holds, or always without one", () => {
    const close = findAction(form, "close")!;
    expect(actionApplies(close, { status: "open" })).toBe(true);
    expect(actionApplies(close, { status: "closed" })).toBe(false);
    expect(actionApplies(findAction(form, "note")!, {})).toBe(true);
    expect(findAction(form, "reopen")).toBeUndefined();
  });

  it("are awaited while they apply and every question they ask is blank", () => {
    const close = findAction(form, "close")!;
    expect(awaitsAction(close, { status: "open", note: "  " })).toBe(true);
    expect(awaitsAction(close, { status: "open", note: "Done" })).toBe(false);
    expect(awaitsAction(close, { status: "closed" })).toBe(false);
  });

  it("save the stored answers with what they set and the answers given; a blank answer removes a stored one", () => {
    const close = findAction(form, "close")!;
    expect(actionData(close, { reference: "R1", status: "open", note: "old" }, { closed_on: "2026-11-01", note: "", reference: "ignored" })).toEqual({ reference: "R1", status: "closed", closed_on: "2026-11-01" });
  });

  it("say what happened to which record", () => {
    expect(doneMessage(findAction(form, "close")!, "R1")).toBe("Record R1 closed");
  });
});
