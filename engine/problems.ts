/**
 * Problems found in definition files. They are values, not exceptions: the CLI prints them as
 * `file:line:column: message`, the server refuses to start with them, tests assert on them.
 */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  /** A stable machine-readable kind, e.g. `unknown_key`, `unknown_item`, `duplicate_code`. */
  code: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

/** Thrown only where a caller asked for a compiled form and the definitions have problems. */
export class DefinitionError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "DefinitionError";
  }
}
