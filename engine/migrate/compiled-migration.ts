/** A checked migration between two versions, as plain JSON: what the runtime applies. */
import type { Condition } from "../language/types.ts";

export type CompiledStep =
  | { op: "rename"; from: string; to: string }
  | { op: "copy"; from: string; to: string }
  | { op: "split"; from: string; to: string[]; keepIn: string; flag: string }
  | { op: "map_codes"; item: string; codes: Record<string, string> }
  | { op: "default"; item: string; value: string }
  | { op: "archive"; item: string; reason: string }
  | { op: "flag"; when?: Condition; reason: string }
  | { op: "accept_incomplete"; items: string[]; reason: string };

export interface CompiledMigration {
  collection: string;
  from: string;
  to: string;
  description?: string;
  owner?: { resolveTo: string; note?: string };
  steps: CompiledStep[];
  /** Items of the target version; anything else left in the data goes to the archive. */
  targetItems: string[];
  sourceHash: string;
}
