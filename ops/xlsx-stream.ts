/**
 * A workbook of text-only sheets written as XLSX a row at a time, in memory that does not grow
 * with the rows. exceljs's WorkbookWriter cannot do this: its sheet buffer (StreamBuf) always
 * reports that it has room and never passes on its consumer's "full" signal, so nothing slows
 * the writer down and the whole uncompressed sheet piles up in memory before any of it is
 * compressed (measured: about 2.2 KiB a record). Here each sheet is a zip entry (yazl) fed
 * through ordinary Node streams, and every write that finds a stream full waits for it to drain,
 * all the way from the destination back to the row.
 *
 * A zip is written one entry at a time, so only one sheet can be streamed into it at once; a
 * sheet whose rows come at the same time as another's (the repeating groups, found on the same
 * pass as the records) is spooled to a temporary file and copied in at the end, which keeps
 * the extract to one pass over the records.
 *
 * Cells are inline strings, so nothing in them is a number, a date or a formula. XML 1.0 cannot
 * hold the control characters other than tab, line feed and carriage return, nor U+FFFE/U+FFFF,
 * so they are dropped (as exceljs did); a lone surrogate becomes U+FFFD; a carriage return is
 * written as a character reference so that XML's line-end handling does not turn it into a line
 * feed; and text that looks like Excel's own escape `_xHHHH_` has its underscore escaped so that
 * Excel shows it as written.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, type Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Rows are gathered into writes of about this many characters: fewer, larger writes. */
const CHUNK = 64 * 1024;
/** Level 1: the sheets are repetitive XML, so more effort buys little and costs a lot of time. */
const COMPRESSION_LEVEL = 1;

const NEEDS_ESCAPE = /[&<>"\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
const ESCAPES = /[&<>"\r]|[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", _: "_x005F_" };

/** Text as XML character data (also fit for a double-quoted attribute), sanitised as described above. */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, (c) => ENTITIES[c] ?? (c.length === 1 && c >= "\uD800" && c <= "\uDFFF" ? "\uFFFD" : ""));
}

/** The column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Leading or trailing white space, or a line break, which the reader would otherwise drop. */
const PRESERVE = /^\s|\s$|\n/;

function cellXml(ref: string, value: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t${PRESERVE.test(value) ? ' xml:space="preserve"' : ""}>${xmlText(value)}</t></is></c>`;
}

/** One sheet's XML, written to a stream a row at a time; waits whenever the stream is full. */
export class SheetWriter {
  private rowNumber = 0;
  private pending = "";
  private columns: string[] = [];

  constructor(
    private readonly stream: Writable,
    private readonly signal: AbortSignal,
  ) {
    this.pending = `${XML_DECL}<worksheet xmlns="${MAIN_NS}"><sheetData>`;
  }

  /** Appends a row; an empty string leaves its cell out, as a blank cell. */
  async row(cells: readonly string[]): Promise<void> {
    const r = ++this.rowNumber;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i]!;
      if (value === "") continue;
      xml += cellXml(`${this.columns[i] ??= columnName(i)}${r}`, value);
    }
    this.pending += `${xml}</row>`;
    if (this.pending.length >= CHUNK) await this.flush();
  }

  /** Writes the end of the sheet and ends the stream. */
  async end(): Promise<void> {
    this.pending += "</sheetData></worksheet>";
    await this.flush();
    this.stream.end();
  }

  private async flush(): Promise<void> {
    this.signal.throwIfAborted();
    const text = this.pending;
    this.pending = "";
    if (!this.stream.write(text)) await once(this.stream, "drain", { signal: this.signal });
  }
}

interface Spool {
  index: number;
  path: string;
  file: WriteStream;
  writer: SheetWriter;
}

/**
 * A workbook whose sheets' names are known at the start. `sheet(i)` streams sheet i straight
 * into the zip: end it before starting the next one. `spooledSheet(i)` may be written at the
 * same time as others; it goes into the zip at `finish()`. Writes to `out` without ending it.
 * Call `dispose()` in all cases, afterwards, to remove the spool files.
 */
export class StreamingWorkbook {
  private readonly zip = new ZipFile();
  /** yazl's output is a PassThrough; its type says only "a readable stream". */
  private readonly output = this.zip.outputStream as PassThrough;
  private readonly abort = new AbortController();
  private readonly written: Promise<void>;
  /** Rejects when anything fails (the zip, the destination, or dispose), so no wait outlives a failure. */
  private readonly failed: Promise<never>;
  private readonly spools: Spool[] = [];
  private spoolDir: Promise<string> | undefined;

  constructor(
    out: Writable,
    private readonly sheetNames: readonly string[],
    /** Where spool files go (in a directory of their own); the system's temporary directory unless given. */
    private readonly tempDir: string = tmpdir(),
  ) {
    const signal = this.abort.signal;
    this.failed = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
    this.failed.catch(() => {});
    this.zip.on("error", (e: unknown) => this.abort.abort(e));
    this.written = pipeline(this.output, out, { end: false });
    this.written.catch((e: unknown) => this.abort.abort(e));
    const n = sheetNames.length;
    const sheets = sheetNames.map((_, i) => i + 1);
    // [Content_Types].xml first: tools that sniff a file's type look for it at the start.
    this.part(
      "[Content_Types].xml",
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}</Types>`,
    );
    this.part("_rels/.rels", `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    this.part(
      "xl/workbook.xml",
      `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheetNames.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
    );
    this.part(
      "xl/_rels/workbook.xml.rels",
      `<Relationships xmlns="${PKG_REL_NS}">${sheets.map((s) => `<Relationship Id="rId${s}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${s}.xml"/>`).join("")}<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    // Optional in the standard, but some readers expect it; the least Excel accepts.
    this.part(
      "xl/styles.xml",
      `<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    );
  }

  /** Sheet `index` (0-based), streamed into the zip now. */
  sheet(index: number): SheetWriter {
    const stream = new PassThrough();
    this.zip.addReadStream(stream, this.entryName(index), { compressionLevel: COMPRESSION_LEVEL });
    return new SheetWriter(stream, this.abort.signal);
  }

  /** Sheet `index` (0-based), spooled to a temporary file until `finish()`. */
  async spooledSheet(index: number): Promise<SheetWriter> {
    this.entryName(index);
    this.spoolDir ??= mkdtemp(join(this.tempDir, "scrt-xlsx-"));
    const path = join(await this.spoolDir, `sheet${index + 1}.xml`);
    const file = createWriteStream(path);
    file.on("error", (e) => this.abort.abort(e));
    const writer = new SheetWriter(file, this.abort.signal);
    this.spools.push({ index, path, file, writer });
    return writer;
  }

  /** Ends the spooled sheets, copies them in, and waits until the whole zip is written to `out`. */
  async finish(): Promise<void> {
    for (const spool of this.spools) {
      await spool.writer.end();
      await finished(spool.file);
      this.zip.addReadStreamLazy(this.entryName(spool.index), { compressionLevel: COMPRESSION_LEVEL }, (cb) => cb(null, createReadStream(spool.path).on("error", (e) => this.abort.abort(e))));
    }
    this.zip.end();
    await Promise.race([this.written, this.failed]);
  }

  /** Stops any writing still under way and removes the spool files. */
  async dispose(): Promise<void> {
    if (!this.abort.signal.aborted) this.abort.abort(new Error("workbook disposed"));
    // Unfinished (after a failure): stop the zip, which stops the pipeline into `out` but
    // leaves `out` itself to the caller.
    if (!this.output.readableEnded) this.output.destroy();
    for (const spool of this.spools) spool.file.destroy();
    // A directory that could not be made has nothing to remove, and its error has been thrown already.
    if (this.spoolDir) await this.spoolDir.then((dir) => rm(dir, { recursive: true, force: true }), () => {});
  }

  private part(name: string, xml: string): void {
    this.zip.addBuffer(Buffer.from(XML_DECL + xml, "utf8"), name, { compressionLevel: COMPRESSION_LEVEL });
  }

  private entryName(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.sheetNames.length) throw new Error(`no sheet ${index}`);
    return `xl/worksheets/sheet${index + 1}.xml`;
  }
}
