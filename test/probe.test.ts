import { it } from "vitest";
import { startTracker, validCase } from "/work/wt-input/test/server/harness.ts";
it("probe", async () => {
  const t = await startTracker({ today: "2026-11-21" });
  const lsc = await t.signIn("icb.lsc");
  const data: Record<string, unknown> = validCase("X");
  for (let i = 0; Object.keys(data).length < 90000; i++) data[`k${i}`] = 1;
  const body = JSON.stringify({ data });
  console.log("body", body.length);
  for (const url of ["/api/collections/s-crt/validate", "/api/collections/s-crt/records"]) {
    const s = performance.now();
    const res = await lsc.post(url, body, { "content-type": "application/json" });
    console.log(url, res.statusCode, res.body.length, Math.round(performance.now() - s), "ms");
  }
  const d2 = validCase("Y", { themes: Array.from({ length: 200000 }, () => "x") });
  const s = performance.now();
  const res = await lsc.post("/api/collections/s-crt/validate", { data: d2 });
  console.log("themes", res.statusCode, res.body.length, Math.round(performance.now() - s), "ms");
  await t.destroy();
});
