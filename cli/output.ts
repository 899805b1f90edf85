/** Where a command writes; tests pass collectors, the entry point passes the process streams. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A problem with how the command was called or with its input: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** False when the call was well-formed but its input is unusable: the usage text would not help. */
    readonly showUsage = true,
  ) {
    super(message);
  }
}

/**
 * Prints on stderr how far a long command has gone, at most once a second (a short run prints
 * nothing): "import: 12,000 of 60,000 rows stored". Only for a person at a terminal: a script
 * reading stderr gets the errors alone, as before.
 */
export function countProgress(
  label: string,
  unit: string,
  out: Output,
  options: { toTerminal?: boolean; everyMs?: number } = {},
): { total(n: number): void; done(n: number): Promise<void> } {
  const toTerminal = options.toTerminal ?? process.stderr.isTTY === true;
  const everyMs = options.everyMs ?? 1000;
  let total: number | undefined;
  let last = performance.now();
  const count = (n: number) => n.toLocaleString("en-GB");
  return {
    total(n) {
      total = n;
    },
    async done(n) {
      if (!toTerminal) return;
      const now = performance.now();
      if (now - last < everyMs) return;
      last = now;
      out.stderr(`${label}: ${count(n)}${total === undefined ? "" : ` of ${count(total)}`} ${unit}\n`);
    },
  };
}

/** A command that cannot run as things stand (another data command holds the database): exit 1. */
export class CommandRefused extends Error {}
