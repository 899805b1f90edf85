/**
 * A YAML file parsed with its positions kept, so that any problem found later (by the
 * language schema or a semantic check) can point at the exact line and column.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { Problem } from "../problems.ts";

export type PathSegment = string | number;

export class SourceFile {
  readonly value: unknown;
  readonly problems: Problem[] = [];
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    /** The path shown in messages (relative to where the command was run). */
    readonly file: string,
    readonly text: string,
    /** The file's real path, for commands that rewrite it. */
    readonly path: string = file,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false, version: "1.2" });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const at = this.lines.linePos(e.pos[0]);
      const code = e.code === "DUPLICATE_KEY" ? "duplicate_key" : "yaml_syntax";
      const message = e.code === "DUPLICATE_KEY" ? duplicateKeyMessage(text, e.pos[0]) : `YAML: ${firstLine(e.message)}`;
      this.problems.push({ file, line: at.line, column: at.col, message, code });
    }
    this.value = this.doc.errors.length ? undefined : this.doc.toJS({ maxAliasCount: 100 });
  }

  /** Position of the value at `path`; with `key`, of that key inside the map at `path`. Falls back to the nearest existing parent. */
  position(path: readonly PathSegment[], key?: string): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let best: Node | null = (this.doc.contents as Node | null) ?? null;
    const segments = key === undefined ? path : [...path, key];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const isLastKey = key !== undefined && i === segments.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        if (isLastKey) {
          best = pair.key as Node;
          break;
        }
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
      } else break;
      if (node && typeof node === "object" && "range" in node) best = node as Node;
    }
    const offset = best?.range?.[0] ?? 0;
    const at = this.lines.linePos(offset);
    return { line: at.line, column: at.col };
  }

  problem(path: readonly PathSegment[], message: string, code: string, key?: string): Problem {
    const at = this.position(path, key);
    return { file: this.file, line: at.line, column: at.column, message, code };
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}

function duplicateKeyMessage(text: string, offset: number): string {
  const m = /^[ \t]*([^:\n]+?)\s*:/.exec(text.slice(offset));
  return m ? `duplicate key "${m[1]!.replace(/^["']|["']$/g, "")}"` : "duplicate key";
}
