import { describe, expect, it } from "vitest";
import { describeListIndexes, listIndexProgressLines } from "./list-indexes.ts";

describe("the list index step's report", () => {
  it("says how far a refill has gone, with thousands separators, at most once an interval", () => {
    const lines: string[] = [];
    const often = listIndexProgressLines((line) => lines.push(line), 0);
    often({ step: "side tables", collection: "s-crt", records: 120_000, total: 1_000_000 });
    expect(lines).toEqual(["List indexes: filling the list's search and choice tables of s-crt: 120,000 of 1,000,000 records."]);
    const seldom = listIndexProgressLines((line) => lines.push(line), 60_000);
    for (let records = 2_000; records <= 20_000; records += 2_000) seldom({ step: "side tables", collection: "s-crt", records, total: 20_000 });
    expect(lines).toHaveLength(1);
    // The key columns' rewrite says nothing until it is done: it is announced as it begins, however soon after another line.
    seldom({ step: "key columns", columns: ["lk_incident_date", "lk_status"], records: 1_000_000 });
    expect(lines[1]).toBe("List indexes: adding the key columns lk_incident_date, lk_status to 1,000,000 records. The database rewrites each record once; at a million records this takes minutes.");
    seldom({ step: "key columns", columns: ["lk_status"], records: 0 });
    expect(lines).toHaveLength(2);
    often({ step: "search junctions", texts: 1_230_000, total: 2_000_000 });
    expect(lines[2]).toBe("List indexes: indexing where words meet in the stored search texts: 1,230,000 of 2,000,000.");
  });

  it("says nothing when nothing changed, and names what was made, dropped and refilled", () => {
    expect(describeListIndexes({ created: [], dropped: [], rebuilt: [{ collection: "s-crt", records: 0, seconds: 0 }] })).toBeUndefined();
    expect(describeListIndexes({ created: ["lx1_a"], dropped: [], rebuilt: [{ collection: "s-crt", records: 12_345, seconds: 2.5 }] })).toBe(
      "List indexes: made 1 list index (lx1_a); filled the list's search and choice tables of s-crt from 12,345 records in 2.5 s.",
    );
    expect(describeListIndexes({ created: [], dropped: [], rebuilt: [], keyColumns: { added: ["lk_status"], dropped: ["lk_old", "lk_older"], seconds: 203.44 } })).toBe(
      "List indexes: added the key column lk_status to the records (the table rewritten in 203.4 s); dropped the key columns lk_old, lk_older.",
    );
    expect(describeListIndexes({ created: [], dropped: [], rebuilt: [], junctions: { texts: 2_000_000, seconds: 17.56 } })).toBe("List indexes: indexed where words meet in 2,000,000 stored search texts in 17.6 s.");
    expect(describeListIndexes({ created: [], dropped: [], rebuilt: [], junctions: { texts: 0, seconds: 0 } })).toBeUndefined();
  });
});
