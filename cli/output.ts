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

/** A command that cannot run as things stand (another data command holds the database): exit 1. */
export class CommandRefused extends Error {}
