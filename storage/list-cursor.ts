/**
 * The list's keyset cursor: where the last page ended (its last record's sort value and id)
 * and which order that was, as opaque URL-safe text. Nothing in it is trusted: a cursor that
 * does not decode to exactly this shape, or that belongs to another order, is refused.
 */

export interface CursorKey {
  value: string | number | null;
  id: string;
}

export function encodeCursor(order: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([order, key.value, key.id]), "utf8").toString("base64url");
}

/** The key, if `text` is a cursor of this order; undefined otherwise. */
export function decodeCursor(text: string, order: string): CursorKey | undefined {
  if (text.length > 2_000 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [o, value, id] = parsed as unknown[];
  if (o !== order || typeof id !== "string") return undefined;
  if (value !== null && typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) return undefined;
  return { value, id };
}

/** The order a cursor belongs to ("sortBy:dir"), if it is a cursor at all: for telling a caller why theirs was refused. */
export function cursorOrder(text: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    return Array.isArray(parsed) && typeof parsed[0] === "string" ? parsed[0] : undefined;
  } catch {
    return undefined;
  }
}
