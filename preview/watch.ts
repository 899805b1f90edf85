/**
 * Calls back once after a burst of changes under a folder. Editors save in several steps
 * (write a temporary file, rename it over the old one), so events are gathered for a short
 * while and the callback sees the files after the save is whole.
 */
import { watch, type FSWatcher } from "node:fs";

export interface Watching {
  close(): void;
}

export function watchFolder(dir: string, onChange: () => void, settleMs = 120): Watching {
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  });
  // A folder removed while watched ends the watch; the preview keeps what it showed last.
  watcher.on("error", () => undefined);
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
