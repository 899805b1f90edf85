/**
 * Choices in NHS.UK markup (the fieldset and legend come from FieldTemplate): radios for one
 * choice, checkboxes for several (the value is the list of chosen codes). The first option's
 * id is the field's id, so error summary links land on it; later options add -2, -3, ...
 * Retired codes are offered only when the answer already has them.
 */
import type { EnumOptionsType, RJSFSchema } from "@rjsf/utils";
import { offeredChoices, type NhsWidgetProps } from "./shared.tsx";

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
  return (
    <div className="nhsuk-radios">
      {choices.map((choice, i) => {
        const inputId = optionId(id, i);
        const hint = hints[String(choice.value)];
        return (
          <div className="nhsuk-radios__item" key={String(choice.value)}>
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
        return (
          <div className="nhsuk-checkboxes__item" key={String(choice.value)}>
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
        );
      })}
    </div>
  );
}
