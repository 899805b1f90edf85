/**
 * What the commands that touch stored data need: the tracker opened from the same
 * configuration as the server (ops), and a user to record as the author of their revisions.
 */
import { basename } from "node:path";
import { collectionDirsUnder } from "../engine/index.ts";
import { describeListIndexes, loadConfig, openTracker, systemUser, takeCommandLock, type Tracker } from "../ops/index.ts";
import type { User } from "../storage/index.ts";
import { CommandRefused, UsageError } from "./output.ts";

export interface DataContext extends Tracker {
  /** The author of revisions made by commands ("Data migration", NHS England). */
  user: User;
}

/**
 * Opens the tracker for `command` (import, migrate, ...) on `collection`. On PostgreSQL the
 * command first takes the data-command lock, so two cannot run at once on one database; a
 * second is refused (CommandRefused, exit 1) with who holds it. Closing releases it.
 */
export async function openDataContext(collection: string, command: string): Promise<DataContext> {
  const config = loadConfig();
  if (!collectionDirsUnder(config.formRoots).some((d) => basename(d) === collection)) throw new UsageError(`unknown collection "${collection}"`, false);
  const taken = await takeCommandLock(config, `${command} ${collection}`);
  if (!taken.ok) throw new CommandRefused(taken.message);
  try {
    // A command awaits each read in turn: worker threads would only add their start-up. Its
    // writes come in bulk: a bigger page cache, and pauses while a server writes (bulkWriter).
    const tracker = await openTracker({ ...config, readWorkers: 0 }, { report: (line) => process.stderr.write(`${line}\n`), bulkWriter: true });
    const listIndexes = describeListIndexes(tracker.listIndexes);
    if (listIndexes) process.stderr.write(`${listIndexes}\n`);
    const close = async () => {
      try {
        await tracker.close();
      } finally {
        await taken.lock.release();
      }
    };
    return { ...tracker, close, user: await systemUser(tracker.store) };
  } catch (error) {
    await taken.lock.release();
    throw error;
  }
}
