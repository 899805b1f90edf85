/**
 * The junction grams: what a text gives, and (with a PostgreSQL server) that scrt_junctions,
 * which PostgreSQL's index is built from, gives exactly what junctionGrams gives the queries.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { junctionGrams, junctionToken } from "./junction-grams.ts";
import { storeTargets, type StorePlace } from "./test-stores.ts";

describe("junctionGrams", () => {
  it("takes the seven characters around each space with three either side, ASCII letters folded, each once", () => {
    expect(junctionGrams("Care concerns RISK")).toEqual(["are con", "rns ris"]);
    expect(junctionGrams("a missed appointment and a missed appointment")).toEqual(["sed app", "ent and", "and a m", "d a mis"]);
    // Too near an end, or no space: nothing to find it by.
    expect(junctionGrams("ab cd")).toEqual([]);
    expect(junctionGrams("abcdefgh")).toEqual([]);
    expect(junctionGrams("")).toEqual([]);
    // Beyond ASCII nothing is folded; characters are code points, not UTF-16 units.
    expect(junctionGrams("ÉCOLE Été")).toEqual(["ole Été"]);
    expect(junctionGrams("x😀y z😀w")).toEqual(["x😀y z😀w"]);
  });

  it("finds, in a text holding a search's text, every gram of the search", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "B", " ", "c", "é", "😀", "-") }), fc.string({ unit: fc.constantFrom("a", "B", " ", "c", "é", "😀", "-") }), fc.string({ unit: fc.constantFrom("a", "B", " ", "c", "é", "😀", "-") }), (before, search, after) => {
        const held = new Set(junctionGrams(before + search + after));
        // The text as the search sees it: LIKE ignores the case of ASCII letters.
        const folded = new Set(junctionGrams(`${before}${search.replace(/[a-z]/g, (c) => c.toUpperCase())}${after}`));
        for (const gram of junctionGrams(search)) {
          expect(held.has(gram)).toBe(true);
          expect(folded.has(gram)).toBe(true);
        }
      }),
    );
  });

  it("cuts from ASCII text, on its quick path, what cutting seven code points around each space gives", () => {
    const reference = (text: string) => {
      const chars = [...text.replace(/[A-Z]/g, (c) => c.toLowerCase())];
      return [...new Set(chars.flatMap((c, i) => (c === " " && i >= 3 && i + 3 < chars.length ? [chars.slice(i - 3, i + 4).join("")] : [])))].sort();
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "Z", " ", "-", "\n", "%", "'", "q") }), (text) => {
        expect(junctionGrams(text).sort()).toEqual(reference(text));
        for (const gram of junctionGrams(text)) expect(junctionToken(gram)).toBe(Buffer.from(gram, "utf8").toString("hex"));
      }),
    );
  });

  it("writes a gram as one token of hex, whatever it holds", () => {
    expect(junctionToken("are con")).toBe("61726520636f6e");
    expect(junctionToken("😀 é")).toMatch(/^[0-9a-f]+$/);
  });
});

const postgres = storeTargets().find((t) => t.dialect === "postgres");

describe.runIf(postgres)("scrt_junctions (PostgreSQL, migration 0005)", () => {
  let place: StorePlace;
  beforeAll(async () => {
    place = await postgres!.create();
    await (await place.open()).close();
  });
  afterAll(async () => {
    await place?.drop();
  });

  it("cuts the same grams from the folded text as junctionGrams", async () => {
    const unit = fc.constantFrom("a", "Z", " ", "  ", "é", "É", "😀", "ß", "-", "\n", "%", "'");
    const texts = fc.sample(fc.string({ unit, maxLength: 40 }), { numRuns: 300, seed: 5 });
    texts.push("", "ab cd", "care concerns risk", "ÉCOLE Été", "x😀y z😀w", "a".repeat(5000) + " " + "b".repeat(5000));
    const rows = await place.raw<{ i: number; grams: string[] }>(
      `SELECT i::int AS i, scrt_junctions(translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) AS grams FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i)`,
      [texts],
    );
    const sorted = (grams: string[]) => [...new Set(grams)].sort();
    for (const row of rows) expect({ text: texts[row.i - 1], grams: sorted(row.grams) }).toEqual({ text: texts[row.i - 1], grams: sorted(junctionGrams(texts[row.i - 1]!)) });
    expect(rows).toHaveLength(texts.length);
  });
});
