/**
 * Re-runs a version's rules over stored records: which fail and why. Run against a draft to
 * see what a tightened rule would do to the data before the draft is published.
 */
import type { RegisteredForm } from "../engine/index.ts";
import type { Store } from "../storage/index.ts";
import { forEachRecord } from "./scan.ts";

export interface DataCheckReport {
  collection: string;
  /** The version whose rules were run. */
  rules: string;
  /** The version of the records checked. */
  records: string;
  checked: number;
  failing: number;
  /** Item → how many records fail on it, and with which messages. */
  byItem: Record<string, { records: number; messages: Record<string, number> }>;
  failures: { recordId: string; identifier: string; ownerOrg: string; errors: { path: string; code: string; message: string }[] }[];
}

export async function checkData(options: {
  store: Store;
  rules: RegisteredForm;
  recordsVersion: string;
  today: string;
  batchSize?: number;
  /** Called after each batch with how many records are checked so far (a job reports progress and lets other work run). */
  afterBatch?: (checked: number) => Promise<void>;
}): Promise<DataCheckReport> {
  const form = options.rules.form;
  const report: DataCheckReport = { collection: form.collection.id, rules: form.version, records: options.recordsVersion, checked: 0, failing: 0, byItem: {}, failures: [] };
  await forEachRecord(options.store, { collection: form.collection.id, version: options.recordsVersion, batchSize: options.batchSize ?? 1000, ...(options.afterBatch ? { afterBatch: () => options.afterBatch!(report.checked) } : {}) }, (record) => {
    report.checked++;
    // Every error, not the first 100: the report counts records per item.
    const result = options.rules.validate(record.data, { today: options.today, previous: record.data, maxErrors: Infinity });
    if (result.valid) return;
    report.failing++;
    const identifier = String(record.data[form.collection.recordTitle ?? ""] ?? record.id);
    report.failures.push({ recordId: record.id, identifier, ownerOrg: record.ownerOrg, errors: result.errors.map(({ path, code, message }) => ({ path, code, message })) });
    for (const e of result.errors) {
      const item = e.path.slice(1).split("/")[0]!;
      const entry = (report.byItem[item] ??= { records: 0, messages: {} });
      entry.records++;
      entry.messages[e.message] = (entry.messages[e.message] ?? 0) + 1;
    }
  });
  return report;
}
