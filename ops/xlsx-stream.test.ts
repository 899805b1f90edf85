import ExcelJS from "exceljs";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { columnName, StreamingWorkbook, xmlText } from "./xlsx-stream.ts";

async function written(write: (out: Writable) => Promise<void>): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await write(out);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

const temp = mkdtempSync(join(tmpdir(), "scrt-xlsx-test-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("the streaming XLSX writer", () => {
  it("names columns as Excel does", () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnName)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
  });

  it("escapes markup, drops what XML 1.0 cannot hold, keeps the rest", () => {
    expect(xmlText(`<a href="x">&amp;</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;");
    expect(xmlText("bell\u0007 nul\u0000 esc\u001B vt\u000B ff\u000C nonchar\uFFFE\uFFFF")).toBe("bell nul esc vt ff nonchar");
    expect(xmlText("tab\tlf\ncr\r")).toBe("tab\tlf\ncr&#13;");
    expect(xmlText("lone \uD83D and \uDE00, pair \uD83D\uDE00")).toBe("lone \uFFFD and \uFFFD, pair 😀");
    expect(xmlText("_x0041_ and _x00e9_ but not _x41_")).toBe("_x005F_x0041_ and _x005F_x00e9_ but not _x41_");
    expect(xmlText("plain text, £ and ü")).toBe("plain text, £ and ü");
  });

  it("round-trips text through exceljs's reader, as text, with control characters dropped as documented", async () => {
    const cells = [
      "a < b & c > d",
      'say "hi"',
      "=1+1",
      "ring\u0007ing\u0000",
      "emoji 😀 👍🏽 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
      "tab\there\r\nCRLF and\nLF",
      "  padded  ",
      "_x0041_ is not A",
      "lone \uD800 surrogate",
      "",
      "last",
    ];
    const workbook = await written(async (out) => {
      const book = new StreamingWorkbook(out, ["first & <second>", "spooled"], temp);
      try {
        const spooled = await book.spooledSheet(1);
        const sheet = book.sheet(0);
        await sheet.row(["h1", "h2"]);
        await spooled.row(["s1"]);
        await sheet.row(cells);
        await spooled.row(["s2", "", "s2c"]);
        await sheet.end();
        await book.finish();
      } finally {
        await book.dispose();
      }
    });
    expect(readdirSync(temp)).toEqual([]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["first & <second>", "spooled"]);
    const row = workbook.getWorksheet("first & <second>")!.getRow(2);
    const values = cells.map((_, i) => row.getCell(i + 1).value);
    expect(values).toEqual([
      "a < b & c > d",
      'say "hi"',
      "=1+1",
      "ringing",
      "emoji 😀 👍🏽 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
      "tab\there\r\nCRLF and\nLF",
      "  padded  ",
      // Escaped for Excel, which reads _xHHHH_ in text as a character; exceljs's reader does not
      // undo the escape in inline strings, so it shows it.
      "_x005F_x0041_ is not A",
      "lone \uFFFD surrogate",
      null,
      "last",
    ]);
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(3).formula).toBeUndefined();
    expect(workbook.getWorksheet("spooled")!.getSheetValues().slice(1)).toEqual([
      [undefined, "s1"],
      [undefined, "s2", undefined, "s2c"],
    ]);
  });

  it("removes its spool files and stops when the writing fails part way", async () => {
    const out = new PassThrough().resume();
    const book = new StreamingWorkbook(out, ["records", "entries"], temp);
    const spooled = await book.spooledSheet(1);
    await spooled.row(["x"]);
    expect(readdirSync(temp)).toHaveLength(1);
    await book.dispose();
    expect(readdirSync(temp)).toEqual([]);
    await expect(book.finish()).rejects.toThrow(/disposed/);
    // What to do with a half-written destination is the caller's to decide, as with the CSV.
    expect(out.destroyed).toBe(false);
  });

  it("waits when the destination is full instead of holding the rows", async () => {
    // A destination that never takes anything: the writer must stop, not buffer without end.
    const stuck = new Writable({ highWaterMark: 16 * 1024, write: () => {} });
    const book = new StreamingWorkbook(stuck, ["records"]);
    const sheet = book.sheet(0);
    let rows = 0;
    for (; rows < 10_000; rows++) {
      // Hex that does not repeat, so that compression does not hide how much went through.
      const next = sheet.row(Array.from({ length: 60 }, () => randomBytes(24).toString("hex")));
      const blocked = await Promise.race([next.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 50))]);
      if (blocked) {
        next.catch(() => {});
        break;
      }
    }
    // A row is about 5 KB of XML, so 10,000 rows would be 50 MB; a few hundred KB is in the pipes.
    expect(rows).toBeLessThan(2_000);
    await book.dispose();
  });
});
