/**
 * Validation of one S-CRT 2.0 record, µs per record: the engine's validator (schema, date
 * rules against today, blanks as absent, messages) against a bare Ajv standalone validator of
 * the same JSON Schema (the floor: what the schema alone costs), Form.io's processSync and
 * SurveyJS's SurveyModel on equivalent forms (bench/peers/). Valid and invalid records are
 * measured apart: errors cost every validator more.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildValidatorModule, FormRegistry, importValidatorModule, PROJECT_ROOT } from "../engine/index.ts";
import { interleave, type Measured, type Target } from "./measure.ts";
import { BENCH_TODAY, benchRecords } from "./validate-records.ts";

export interface ValidateOptions {
  /** Distinct records of each kind (valid, invalid). */
  records: number;
  /** Measured rounds per target (at least 5). */
  runs: number;
  /** Unmeasured rounds first. */
  warmup: number;
  /** Leave out the peers (they are slow; the engine against Ajv alone is quick). */
  withoutPeers?: boolean;
}

export type ValidateFigures = Record<"valid" | "invalid", Record<string, Measured>>;

/** A validator under test: true when it accepts the record. */
type Check = (record: Record<string, unknown>) => boolean;

/**
 * Times passes of `check` over the records until at least `minMs` of CPU time have passed, so
 * that fast validators are not timed over a window the clock cannot resolve. µs of CPU time
 * per record: this process's CPU time, not the wall clock, so other work on a shared machine
 * (which only makes this process wait) does not count against whichever target was running.
 */
function timed(check: Check, records: Record<string, unknown>[], expect: boolean | undefined, minMs: number): number {
  let done = 0;
  const start = process.cpuUsage();
  let elapsedUs = 0;
  do {
    for (const r of records) if (check(r) !== expect && expect !== undefined) throw new Error(`a validator said ${!expect} for a record that is ${expect ? "valid" : "invalid"}: ${JSON.stringify(r)}`);
    done += records.length;
    const used = process.cpuUsage(start);
    elapsedUs = used.user + used.system;
  } while (elapsedUs < minMs * 1000);
  return elapsedUs / done;
}

export async function benchValidate(options: ValidateOptions): Promise<ValidateFigures> {
  const registry = await FormRegistry.load([join(PROJECT_ROOT, "forms")]);
  const entry = registry.get("s-crt", "2.0")!;
  const ajv = await importValidatorModule(await buildValidatorModule(entry.form.schema));
  const checks: Record<string, { check: Check; minMs: number }> = {
    engine: { check: (r) => entry.validate(r, { today: BENCH_TODAY }).valid, minMs: 100 },
    "bare Ajv": { check: (r) => ajv(r), minMs: 100 },
  };
  if (!options.withoutPeers) {
    const { formioValidator } = await import("./peers/formio.ts");
    const { surveyValidator } = await import("./peers/surveyjs.ts");
    const formio = formioValidator(entry.form, BENCH_TODAY);
    const survey = surveyValidator(entry.form, BENCH_TODAY);
    checks["Form.io"] = { check: formio, minMs: 200 };
    checks.SurveyJS = { check: survey, minMs: 200 };
  }
  const { valid, invalid } = benchRecords(options.records);
  const figures = {} as ValidateFigures;
  for (const [kind, records] of [["valid", valid], ["invalid", invalid]] as const) {
    // Every validator must accept every valid record and refuse every invalid one, except bare
    // Ajv on the invalid ones: it cannot see the rules against today.
    const targets: Target[] = Object.entries(checks).map(([name, { check, minMs }]) => ({
      name,
      run: () => timed(check, records, kind === "valid" ? true : name === "bare Ajv" ? undefined : false, minMs),
    }));
    figures[kind] = await interleave(targets, { runs: options.runs, warmup: options.warmup });
  }
  return figures;
}
