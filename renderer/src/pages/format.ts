/**
 * Small formatting helpers shared by the pages. Who may do what is not here: the server
 * states it (/auth/me and each record's permissions).
 */
import type { CompiledForm, CompiledItem } from "../../../engine/runtime/index.ts";

export const SERVICE_NAME = "Safeguarding Case Review Tracker";


const dateTimeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

/** An ISO timestamp as "3 March 2024 at 2:15pm", in UK time. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) => dateTimeParts.formatToParts(date).find((p) => p.type === type)?.value ?? "";
  const hour = part("hour") === "0" ? "12" : part("hour");
  const minute = part("minute");
  const period = part("dayPeriod").toLowerCase().replace(/\./g, "");
  const time = minute === "00" ? `${hour}${period}` : `${hour}:${minute}${period}`;
  return `${part("day")} ${part("month")} ${part("year")} at ${time}`;
}

/** "12 cases", "1 case". */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-GB")} ${noun}${count === 1 ? "" : "s"}`;
}

export function itemOf(form: CompiledForm, key: string): CompiledItem | undefined {
  return form.items.find((i) => i.key === key);
}

export function labelOf(form: CompiledForm, key: string): string {
  return itemOf(form, key)?.label ?? key;
}

/** The record's title: its record-title item's answer, or a fallback. */
export function recordTitle(form: CompiledForm, data: Record<string, unknown>, fallback: string): string {
  const key = form.collection.recordTitle;
  const value = key ? data[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value : fallback;
}

/**
 * Whether the item is the one the collection declares as its records' status (record_status):
 * only that item is shown as a tag, whatever other items are called.
 */
export function isRecordStatus(form: CompiledForm, key: string): boolean {
  return form.collection.recordStatus?.item === key;
}

/**
 * The item that best describes a record's kind (for the S-CRT: the type of review), shown as
 * the caption of its page: the first single-choice list column that is not the record status.
 */
export function captionItem(form: CompiledForm): CompiledItem | undefined {
  return form.collection.list.columns
    .filter((k) => k !== form.collection.recordTitle)
    .map((k) => itemOf(form, k))
    .find((i) => i !== undefined && i.type === "single_choice" && !isRecordStatus(form, i.key));
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}
