import { benchValidate } from "/work/wt-speed/bench/validate.ts";
import { ratio, formatRatio } from "/work/wt-speed/bench/measure.ts";
const f = await benchValidate({ records: 200, runs: 11, warmup: 3, withoutPeers: !process.env.PEERS });
for (const kind of ["valid", "invalid"] as const) {
  for (const m of Object.values(f[kind])) console.log(kind, m.name, m.median.toFixed(2), m.samples.map(s=>s.toFixed(2)).join(" "));
  console.log(kind, "engine speed vs Ajv", formatRatio(ratio(f[kind]["bare Ajv"]!, f[kind].engine!)));
}
