/**
 * Text inputs in NHS.UK markup: the base input (nhsuk-input, as wide as the compiled
 * form says), text, web address (type=url, no spellcheck), textarea with the NHS character count,
 * and select.
 */
import { useEffect, useState, type ChangeEvent } from "react";
import type { BaseInputTemplateProps, RJSFSchema } from "@rjsf/utils";
import type { RecordData } from "../types.ts";
import { cx, describedBy, firstError, offeredChoices, type NhsFormContext, type NhsWidgetProps } from "./shared.tsx";

/** The NHS input width class for the compiled width (characters, or "full": the column's width). */
export function inputWidthClass(width: unknown): string | undefined {
  return typeof width === "number" ? `nhsuk-input--width-${width}` : undefined;
}

function maxLengthOf(options: Record<string, unknown>): number | undefined {
  return typeof options.maxLength === "number" ? options.maxLength : undefined;
}

/** Ids describing a field's input: its hint (when the schema has one) and its error. */
function inputDescribedBy(id: string, schema: RJSFSchema, rawErrors: string[] | undefined, ...extra: string[]): string | undefined {
  return describedBy(...extra, schema.description ? `${id}-hint` : undefined, firstError(rawErrors) ? `${id}-error` : undefined);
}

export function BaseInputTemplate(props: BaseInputTemplateProps<RecordData, RJSFSchema, NhsFormContext>) {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onChangeOverride, onBlur, onFocus, options, schema, rawErrors, type } = props;
  const inputType = type || "text";
  const error = Boolean(firstError(rawErrors));
  const handleChange = (event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value === "" ? options.emptyValue : event.target.value);
  return (
    <input
      className={cx("nhsuk-input", inputWidthClass(options.width), error && "nhsuk-input--error")}
      id={id}
      name={htmlName || id}
      type={inputType}
      value={value === undefined || value === null ? "" : String(value)}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      spellCheck={inputType === "url" ? false : undefined}
      autoComplete={inputType === "url" ? "url" : "off"}
      aria-describedby={inputDescribedBy(id, schema, rawErrors)}
      onChange={onChangeOverride ?? handleChange}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
    />
  );
}

export function TextWidget(props: NhsWidgetProps) {
  return <BaseInputTemplate {...props} type="text" />;
}

/** A web address: type=url (the right keyboard on phones), never spellchecked. */
export function UriWidget(props: NhsWidgetProps) {
  return <BaseInputTemplate {...props} type="url" />;
}

const numberFormat = new Intl.NumberFormat("en-GB");

/** The NHS character count message for `remaining` characters (negative: too many). */
export function characterCountMessage(remaining: number): string {
  const n = Math.abs(remaining);
  const characters = n === 1 ? "character" : "characters";
  return remaining < 0 ? `You have ${numberFormat.format(n)} ${characters} too many` : `You have ${numberFormat.format(n)} ${characters} remaining`;
}

/** Characters as the validator counts them (code points, not UTF-16 units). */
function lengthOf(text: string): number {
  return [...text].length;
}

/**
 * A textarea; with a maximum length, the NHS character count: the limit as a description, a
 * visible count, and a count for screen readers in a polite live region, updated once typing
 * pauses so it is not read out on every key.
 */
export function TextareaWidget(props: NhsWidgetProps) {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, schema, rawErrors } = props;
  const text = typeof value === "string" ? value : "";
  const maxLength = maxLengthOf(options);
  const remaining = maxLength === undefined ? 0 : maxLength - lengthOf(text);
  const message = characterCountMessage(remaining);
  const [spoken, setSpoken] = useState(message);
  useEffect(() => {
    const timer = setTimeout(() => setSpoken(message), 1000);
    return () => clearTimeout(timer);
  }, [message]);
  const error = Boolean(firstError(rawErrors));
  const over = maxLength !== undefined && remaining < 0;
  const rows = typeof options.rows === "number" ? options.rows : 5;
  return (
    <>
      <textarea
        className={cx("nhsuk-textarea", maxLength !== undefined && "nhsuk-js-character-count", (error || over) && "nhsuk-textarea--error")}
        id={id}
        name={htmlName || id}
        rows={rows}
        value={text}
        disabled={disabled}
        readOnly={readonly}
        autoFocus={autofocus}
        aria-describedby={inputDescribedBy(id, schema, rawErrors, ...(maxLength !== undefined ? [`${id}-info`] : []))}
        onChange={(event) => onChange(event.target.value === "" ? options.emptyValue : event.target.value)}
        onBlur={(event) => onBlur(id, event.target.value)}
        onFocus={(event) => onFocus(id, event.target.value)}
      />
      {maxLength !== undefined ? (
        <>
          <div className="nhsuk-hint nhsuk-character-count__message nhsuk-u-visually-hidden" id={`${id}-info`}>
            You can enter up to {numberFormat.format(maxLength)} characters
          </div>
          <div className={cx("nhsuk-character-count__status", over ? "nhsuk-error-message" : "nhsuk-hint")} aria-hidden="true">
            {message}
          </div>
          <div className="nhsuk-character-count__sr-status nhsuk-u-visually-hidden" aria-live="polite">
            {spoken}
          </div>
        </>
      ) : null}
    </>
  );
}

/** A single choice as an NHS select (the compiled forms use radios; kept for "ui:widget": "select"). */
export function SelectWidget(props: NhsWidgetProps) {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, schema, rawErrors, placeholder } = props;
  const choices = offeredChoices(options.enumOptions, options.retiredCodes, value);
  const error = Boolean(firstError(rawErrors));
  const current = value === undefined || value === null ? "" : String(value);
  const decode = (raw: string) => (raw === "" ? options.emptyValue : choices.find((c) => String(c.value) === raw)?.value);
  return (
    <select
      className={cx("nhsuk-select", error && "nhsuk-select--error")}
      id={id}
      name={htmlName || id}
      value={current}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      aria-describedby={inputDescribedBy(id, schema, rawErrors)}
      onChange={(event) => onChange(decode(event.target.value))}
      onBlur={(event) => onBlur(id, decode(event.target.value))}
      onFocus={(event) => onFocus(id, decode(event.target.value))}
    >
      <option value="">{placeholder || "Select an option"}</option>
      {choices.map((choice) => (
        <option key={String(choice.value)} value={String(choice.value)}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}
