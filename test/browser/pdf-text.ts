/**
 * The text of a PDF, as a reader would get it, so tests can check what is on paper (and what
 * is not) rather than search the file's compressed bytes. pdf.js's legacy build runs in Node.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfText {
  /** Each page's text: runs on one line joined by spaces, lines by newlines, whitespace squeezed. */
  pages: string[];
  /** Every page's text, pages separated by a blank line. */
  text: string;
}

export async function pdfText(pdf: Uint8Array | Buffer): Promise<PdfText> {
  // pdf.js takes ownership of (detaches) the buffer it is given: give it a copy.
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : " ");
      }
      pages.push(
        text
          .split("\n")
          .map((line) => line.replace(/\s+/g, " ").trim())
          .filter(Boolean)
          .join("\n"),
      );
    }
    return { pages, text: pages.join("\n\n") };
  } finally {
    await doc.destroy();
  }
}
