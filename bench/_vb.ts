import { benchValidate } from "./validate.ts";
import { ratio, formatRatio } from "./measure.ts";
const f = await benchValidate({ records: 200, runs: 7, warmup: 2 });
for (const kind of ["valid", "invalid"] as const) {
  for (const m of Object.values(f[kind])) console.log(kind, m.name, m.median.toFixed(2), m.samples.map(s=>s.toFixed(2)).join(" "));
  console.log(kind, "engine speed vs Ajv", formatRatio(ratio(f[kind]["bare Ajv"]!, f[kind].engine!)));
  console.log(kind, "engine speed vs Formio", formatRatio(ratio(f[kind]["Form.io"]!, f[kind].engine!)));
  console.log(kind, "engine speed vs Survey", formatRatio(ratio(f[kind]["SurveyJS"]!, f[kind].engine!)));
}
