/**
 * A legacy import reads its file twice: once to check every row, once to store them. The
 * second reading stores the rows the first checked without checking them again, so it must
 * know they are the same rows: a file changed between the readings is refused, and nothing
 * unchecked is stored. Real SQLite file, real registry and reference data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFor, ImportFileChanged, importLegacy, openTracker, rowFingerprint, type Tracker } from "../ops/index.ts";
import { buildLegacyCsv } from "./fixtures/legacy-csv.ts";

const dir = mkdtempSync(join(tmpdir(), "scrt-reread-"));
let tracker: Tracker;
let userId: string;
beforeAll(async () => {
  tracker = await openTracker({ ...configFor(dir, {}), readWorkers: 0 });
  userId = (await tracker.store.ensureUser({ username: "importer", displayName: "Importer", role: "national", orgCode: "X24" })).id;
});
afterAll(async () => {
  await tracker.close();
  rmSync(dir, { recursive: true, force: true });
});

const { text } = buildLegacyCsv(40, 7);
const lines = text.split("\r\n");

/** A file that reads as `first` the first time it is opened and as `second` after. */
function changing(first: string, second: string) {
  let opened = 0;
  return () => Readable.from([opened++ === 0 ? first : second]);
}

async function importFile(open: () => Readable) {
  return importLegacy({ store: tracker.store, form: tracker.registry.get("s-crt", "1.0")!, reference: tracker.reference, open, today: "2026-11-21", userId, chunkSize: 10 });
}

describe("reading a legacy file twice", () => {
  it("refuses a row changed between the readings, storing nothing from it on", async () => {
    // Row 26 (line 26 of the file) gets another overview: still valid, but not the row checked.
    const changed = lines.map((l, i) => (i === 25 ? l.replace("Fictional legacy case", "Edited legacy case") : l)).join("\r\n");
    expect(changed).not.toBe(text);
    await expect(importFile(changing(text, changed))).rejects.toThrow(new ImportFileChanged("row 26 is not the row that was checked"));
    // The chunks before it (lines 2-21) were stored; none after.
    expect(await tracker.store.countRecords("s-crt")).toBe(20);
  });

  it("refuses a file whose columns moved between the readings, storing nothing", async () => {
    const count = await tracker.store.countRecords("s-crt");
    // The same rows, but the header now names the first two columns the other way round.
    const [head, ...rest] = lines;
    const cells = head!.split(",");
    const swapped = [[cells[1], cells[0], ...cells.slice(2)].join(","), ...rest].join("\r\n");
    await expect(importFile(changing(text, swapped))).rejects.toThrow(/its header row is not the one that was checked/);
    expect(await tracker.store.countRecords("s-crt")).toBe(count);
  });

  it("refuses a file that lost rows between the readings", async () => {
    const shorter = lines.slice(0, 35).join("\r\n");
    await expect(importFile(changing(text, shorter))).rejects.toThrow(/it has 34 of the 40 valid rows that were checked/);
    // Its whole chunks went in (rows already stored are recognised); the last, short one did not.
    expect(await tracker.store.countRecords("s-crt")).toBe(30);
  });

  it("stores the rest once the same file is imported again, the rows already stored recognised", async () => {
    const report = await importFile(() => Readable.from([text]));
    expect(report).toMatchObject({ stored: true, imported: 10, alreadyImported: 30 });
    expect(await tracker.store.countRecords("s-crt")).toBe(40);
  });

  it("fingerprints a row by its cells and where they divide", () => {
    expect(rowFingerprint(["ab", "c"])).not.toBe(rowFingerprint(["a", "bc"]));
    expect(rowFingerprint(["ab", "c"])).toBe(rowFingerprint(["ab", "c"]));
    expect(rowFingerprint(["x"])).not.toBe(rowFingerprint(["y"]));
    expect(Number.isSafeInteger(rowFingerprint(["a long cell of text", "2021-04-03"]))).toBe(true);
  });
});
