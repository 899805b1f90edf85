/**
 * What the commands that touch stored data need: the tracker opened from the same
 * configuration as the server (ops), and a user to record as the author of their revisions.
 */
import { basename } from "node:path";
import { collectionDirsUnder } from "../engine/index.ts";
import { describeListIndexes, loadConfig, openTracker, systemUser, type Tracker } from "../ops/index.ts";
import type { User } from "../storage/index.ts";
import { UsageError } from "./output.ts";

export interface DataContext extends Tracker {
  /** The author of revisions made by commands ("Data migration", NHS England). */
  user: User;
}

export async function openDataContext(collection: string): Promise<DataContext> {
  const config = loadConfig();
  if (!collectionDirsUnder(config.formRoots).some((d) => basename(d) === collection)) throw new UsageError(`unknown collection "${collection}"`, false);
  // A command awaits each read in turn: worker threads would only add their start-up.
  const tracker = await openTracker({ ...config, readWorkers: 0 });
  const listIndexes = describeListIndexes(tracker.listIndexes);
  if (listIndexes) process.stderr.write(`${listIndexes}\n`);
  return { ...tracker, user: await systemUser(tracker.store) };
}
