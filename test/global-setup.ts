/** Before the suite: build the renderer if its sources changed, so browser tests serve the current app. */
import { buildRenderer } from "../server/index.ts";

export default async function setup(): Promise<void> {
  await buildRenderer();
}
