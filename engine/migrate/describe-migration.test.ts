import { describe, expect, it } from "vitest";
import { compileCollectionAndMigrations, PROJECT_ROOT } from "../index.ts";
import { describeMigration } from "./describe-migration.ts";
import { join } from "node:path";

describe("a migration in words", () => {
  it("names each step of the S-CRT 1.0 to 2.0 uplift by key and label, in order", () => {
    const { forms, migrations } = compileCollectionAndMigrations(join(PROJECT_ROOT, "forms/s-crt"));
    const from = forms.find((f) => f.version === "1.0")!;
    const to = forms.find((f) => f.version === "2.0")!;
    const words = describeMigration(migrations.find((m) => m.from === "1.0" && m.to === "2.0")!, from, to);
    expect(words[0]).toMatch(/^Each record's owner becomes its ICB: CCG to sub-ICB location/);
    expect(words).toContain("`designated_partnership` (Designated partnership/board/CSP) becomes `safeguarding_partnership` (Safeguarding Partnership/Board).");
    expect(words).toContain("In `review_type` (Type of review), `scr` (Serious Case Review (SCR)) becomes `cspr` (Local Child Safeguarding Practice Review (LCSPR)).");
    expect(words.find((w) => w.startsWith("`review_publicity`"))).toMatch(/moves to the record's archive/);
    expect(words.find((w) => w.startsWith("`lessons_learned_recommendations`"))).toMatch(/is split into `lessons_learned` .* and `recommendations`/);
    expect(words.filter((w) => w.startsWith("Records that do not meet the new rules"))).toHaveLength(2);
  });
});
