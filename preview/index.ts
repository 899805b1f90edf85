/** The preview's front door: `scrt forms preview` and its tests start it from here. */
export { startPreview, type PreviewOptions, type RunningPreview } from "./server.ts";
export { takeSnapshot, type Snapshot, type SnapshotOptions } from "./snapshot.ts";
export type { PreviewChange, PreviewProblem, PreviewState } from "./state.ts";
