/**
 * Choices in NHS.UK markup (the fieldset and legend come from FieldTemplate): radios for one
 * choice, checkboxes for several (the value is the list of chosen codes). The first option's
 * id is the field's id, so error summary links land on it; later options add -2, -3, ...
 * Retired codes are offered only when the answer already has them. Follow-on questions are
 * drawn under the chosen option that reveals them (NHS conditional reveals).
 */
import { Fragment, useContext } from "react";
import type { EnumOptionsType, RJSFSchema } from "@rjsf/utils";
import { RevealsContext, type RevealedField } from "./containers.tsx";
import { offeredChoices, type NhsWidgetProps } from "./shared.tsx";

/** The follow-on questions drawn under one option, when it is chosen. */
function Conditional({ kind, id, fields }: { kind: "radios" | "checkboxes"; id: string; fields: RevealedField[] }) {
  return (
    <div className={`nhsuk-${kind}__conditional`} id={id}>
      {fields.map((field) => (
        <Fragment key={field.key}>{field.content}</Fragment>
      ))}
    </div>
  );
}

/** The follow-on questions of this field that an option reveals (they are on show only while it is chosen). */
function useReveals(id: string): (code: unknown) => RevealedField[] {
  const fields = useContext(RevealsContext).get(id) ?? [];
  return (code) => fields.filter((f) => f.codes.includes(String(code)));
}

function optionId(id: string, index: number): string {
  return index === 0 ? id : `${id}-${index + 1}`;
}

function hintsOf(options: NhsWidgetProps["options"]): Record<string, string> {
  const hints = options.choiceHints;
  return typeof hints === "object" && hints !== null ? (hints as Record<string, string>) : {};
}

export function RadioWidget(props: NhsWidgetProps) {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options } = props;
  const choices: EnumOptionsType<RJSFSchema>[] = offeredChoices(options.enumOptions, options.retiredCodes, value);
  const hints = hintsOf(options);
  const revealedBy = useReveals(id);
  return (
    <div className="nhsuk-radios">
      {choices.map((choice, i) => {
        const inputId = optionId(id, i);
        const hint = hints[String(choice.value)];
        const revealed = value === choice.value ? revealedBy(choice.value) : [];
        return (
          <Fragment key={String(choice.value)}>
            <div className="nhsuk-radios__item">
              <input
                className="nhsuk-radios__input"
                id={inputId}
                name={htmlName || id}
                type="radio"
                value={String(choice.value)}
                checked={value === choice.value}
                disabled={disabled || readonly}
                autoFocus={autofocus && i === 0}
                aria-describedby={hint ? `${inputId}-item-hint` : undefined}
                {...(revealed.length ? { "aria-controls": `${inputId}-conditional` } : {})}
                onChange={() => onChange(choice.value)}
                onBlur={() => onBlur(id, value)}
                onFocus={() => onFocus(id, value)}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={inputId}>
                {choice.label}
              </label>
              {hint ? (
                <div className="nhsuk-hint nhsuk-radios__hint" id={`${inputId}-item-hint`}>
                  {hint}
                </div>
              ) : null}
            </div>
            {revealed.length ? <Conditional kind="radios" id={`${inputId}-conditional`} fields={revealed} /> : null}
          </Fragment>
        );
      })}
    </div>
  );
}

export function CheckboxesWidget(props: NhsWidgetProps) {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options } = props;
  const chosen: unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const choices: EnumOptionsType<RJSFSchema>[] = offeredChoices(options.enumOptions, options.retiredCodes, chosen);
  const hints = hintsOf(options);
  const revealedBy = useReveals(id);
  const toggle = (code: unknown, checked: boolean) => {
    const next = new Set(chosen);
    if (checked) next.add(code);
    else next.delete(code);
    // Keep the choice list's order (codes not in the list, if any, stay at the end).
    const all = (options.enumOptions ?? []).map((o) => o.value as unknown);
    onChange([...all.filter((c) => next.has(c)), ...[...next].filter((c) => !all.includes(c))]);
  };
  return (
    <div className="nhsuk-checkboxes">
      {choices.map((choice, i) => {
        const inputId = optionId(id, i);
        const hint = hints[String(choice.value)];
        const revealed = chosen.includes(choice.value) ? revealedBy(choice.value) : [];
        return (
          <Fragment key={String(choice.value)}>
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={inputId}
                name={htmlName || id}
                type="checkbox"
                value={String(choice.value)}
                checked={chosen.includes(choice.value)}
                disabled={disabled || readonly}
                autoFocus={autofocus && i === 0}
                aria-describedby={hint ? `${inputId}-item-hint` : undefined}
                {...(revealed.length ? { "aria-controls": `${inputId}-conditional` } : {})}
                onChange={(event) => toggle(choice.value, event.target.checked)}
                onBlur={() => onBlur(id, value)}
                onFocus={() => onFocus(id, value)}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={inputId}>
                {choice.label}
              </label>
              {hint ? (
                <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${inputId}-item-hint`}>
                  {hint}
                </div>
              ) : null}
            </div>
            {revealed.length ? <Conditional kind="checkboxes" id={`${inputId}-conditional`} fields={revealed} /> : null}
          </Fragment>
        );
      })}
    </div>
  );
}
