/** A record's status as an NHS tag, in the colour its collection gives the code (record_status). */
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import { formatAnswer } from "../form/summary.ts";
import { isBlank } from "./format.ts";

/** The status item's answer as a tag, or null when the collection names none or it is blank. */
export function RecordStatusTag({ form, data }: { form: CompiledForm; data: Record<string, unknown> }) {
  const status = form.collection.recordStatus;
  const value = status ? data[status.item] : undefined;
  if (!status || isBlank(value)) return null;
  const colour = typeof value === "string" ? status.colours[value] : undefined;
  return <strong className={`nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ""}`}>{formatAnswer(form, status.item, value)}</strong>;
}

/** The label of the collection's status item, for the row that shows the tag. */
export function recordStatusLabel(form: CompiledForm): string | undefined {
  const key = form.collection.recordStatus?.item;
  return key ? form.items.find((i) => i.key === key)?.label : undefined;
}
