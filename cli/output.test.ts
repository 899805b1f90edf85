import { describe, expect, it } from "vitest";
import { countProgress, type Output } from "./output.ts";

function collector(): Output & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => undefined, stderr: (text) => void err.push(text) };
}

describe("countProgress", () => {
  it("says how far a long command has gone, with thousands separators and the total when known", async () => {
    const out = collector();
    const progress = countProgress("import", "rows stored", out, { toTerminal: true, everyMs: 0 });
    progress.total(60000);
    await progress.done(12000);
    await progress.done(60000);
    expect(out.err).toEqual(["import: 12,000 of 60,000 rows stored\n", "import: 60,000 of 60,000 rows stored\n"]);
  });

  it("without a total says the count alone", async () => {
    const out = collector();
    const progress = countProgress("check-data s-crt", "records checked", out, { toTerminal: true, everyMs: 0 });
    await progress.done(1000);
    expect(out.err).toEqual(["check-data s-crt: 1,000 records checked\n"]);
  });

  it("prints nothing when stderr is not a person's terminal, so scripts get errors alone", async () => {
    const out = collector();
    const progress = countProgress("migrate 1.0 to 2.0", "records", out, { toTerminal: false, everyMs: 0 });
    await progress.done(500);
    expect(out.err).toEqual([]);
  });

  it("prints at most once in each interval: a short run prints nothing", async () => {
    const out = collector();
    const progress = countProgress("import", "rows stored", out, { toTerminal: true, everyMs: 60_000 });
    for (let n = 500; n <= 5000; n += 500) await progress.done(n);
    expect(out.err).toEqual([]);
  });
});
