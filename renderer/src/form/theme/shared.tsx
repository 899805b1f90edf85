/**
 * Pieces the NHS theme's templates and widgets share: the form context, class and
 * aria-describedby helpers, the hint and error message components, and moving focus to an
 * answer (from the error summary).
 */
import type { ReactNode } from "react";
import type { FieldTemplateProps, RJSFSchema, UiSchema, WidgetProps } from "@rjsf/utils";
import type { CompiledForm } from "../../../../engine/runtime/index.ts";
import type { RecordData } from "../types.ts";

/** What CaseForm hands the theme through RJSF's formContext. */
export interface NhsFormContext {
  form: CompiledForm;
  /** The error summary's heading. */
  errorTitle: string;
  /** The form's current data (for targets of error summary links). */
  data(): RecordData;
}

export type NhsWidgetProps = WidgetProps<RecordData, RJSFSchema, NhsFormContext>;
export type NhsFieldTemplateProps = FieldTemplateProps<RecordData, RJSFSchema, NhsFormContext>;

export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}

/** The first error message of a field (one message per field, as the NHS pattern shows). */
export function firstError(rawErrors: readonly string[] | undefined): string | undefined {
  return rawErrors?.find((e) => typeof e === "string" && e.trim() !== "");
}

/** The ids that describe an input: its hint and error message, when there are any. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(" ") : undefined;
}

export const DATE_HINT = "For example, 27 3 2024";

export type FieldKind = "hidden" | "object" | "group" | "date" | "radio" | "checkboxes" | "textarea" | "select" | "input";

/** How a field is drawn, from its schema and UI schema. */
export function fieldKind(schema: RJSFSchema, uiSchema: UiSchema | undefined): FieldKind {
  const widget = uiSchema?.["ui:widget"];
  if (widget === "hidden") return "hidden";
  if (schema.type === "object") return "object";
  if (schema.type === "array") {
    const items = schema.items;
    const isChoiceList = widget === "checkboxes" || (typeof items === "object" && items !== null && !Array.isArray(items) && Array.isArray(items.enum));
    return isChoiceList ? "checkboxes" : "group";
  }
  if (widget === "nhsDate") return "date";
  if (widget === "radio") return "radio";
  if (widget === "checkboxes") return "checkboxes";
  if (widget === "textarea") return "textarea";
  if (widget === "select") return "select";
  return "input";
}

/** The hint of a field: the item's hint, and for a date the NHS example. */
export function hintOf(kind: FieldKind, description: string | undefined): ReactNode {
  if (kind !== "date") return description || undefined;
  return description ? (
    <>
      {description}
      <br />
      {DATE_HINT}
    </>
  ) : (
    DATE_HINT
  );
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div className="nhsuk-hint" id={id}>
      {children}
    </div>
  );
}

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {children}
    </span>
  );
}

/** Codes offered for a choice: retired codes only when the current answer already has them. */
export function offeredChoices<T extends { value: unknown }>(all: readonly T[] | undefined, retired: unknown, current: unknown): T[] {
  const retiredCodes = new Set(Array.isArray(retired) ? retired : []);
  const chosen = new Set(Array.isArray(current) ? current : [current]);
  return (all ?? []).filter((o) => !retiredCodes.has(o.value) || chosen.has(o.value));
}

const FOCUSABLE = "input:not([type=hidden]), select, textarea, button, a[href], [tabindex]";

function isFocusable(el: Element): boolean {
  return el.matches(FOCUSABLE);
}

/**
 * Moves focus to an answer, as the NHS error summary does: the element with `targetId` (or
 * `fallbackId`, or the first focusable element inside it), scrolled so its question shows.
 * Returns false when there is no such element on the page.
 */
export function focusAnswer(targetId: string, fallbackId?: string): boolean {
  const found = document.getElementById(targetId) ?? (fallbackId ? document.getElementById(fallbackId) : null);
  if (!found) return false;
  let target: HTMLElement | null = isFocusable(found) ? found : found.querySelector<HTMLElement>(FOCUSABLE);
  if (!target) {
    target = found;
    target.setAttribute("tabindex", "-1");
  }
  // Scroll the question into view: the fieldset's legend when it is close above the field
  // (dates, choices), otherwise the field's own label.
  const label = target.id ? document.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
  let anchor: Element = label ?? target.closest(".nhsuk-form-group") ?? target;
  const legend = target.closest("fieldset")?.querySelector(":scope > legend");
  if (legend && target.getBoundingClientRect().top - legend.getBoundingClientRect().top < window.innerHeight / 2) anchor = legend;
  anchor.scrollIntoView?.();
  target.focus({ preventScroll: true });
  return true;
}
