/**
 * The NHS date input: day, month and year boxes (ids <id>-day, <id>-month, <id>-year) holding
 * one answer, an ISO date. What is typed is kept exactly while typing; the answer is the ISO
 * date once all three boxes hold numbers, or a string that is not a date when only some do,
 * so validation says "must be a real date" instead of dropping a half-typed date.
 */
import { useEffect, useState } from "react";
import { dateParts, isoFromParts, type DateParts } from "../date-parts.ts";
import { cx, firstError, type NhsWidgetProps } from "./shared.tsx";

const BOXES: { name: keyof DateParts; label: string; width: string }[] = [
  { name: "day", label: "Day", width: "nhsuk-input--width-2" },
  { name: "month", label: "Month", width: "nhsuk-input--width-2" },
  { name: "year", label: "Year", width: "nhsuk-input--width-4" },
];

function answerOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function DateWidget(props: NhsWidgetProps) {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, rawErrors } = props;
  const [parts, setParts] = useState<DateParts>(() => dateParts(value));
  // A new answer from outside (not the one these boxes produced): show it.
  useEffect(() => {
    setParts((current) => (isoFromParts(current) === answerOf(value) ? current : dateParts(value)));
  }, [value]);
  const error = Boolean(firstError(rawErrors));
  const update = (name: keyof DateParts, text: string) => {
    const next = { ...parts, [name]: text };
    setParts(next);
    onChange(isoFromParts(next));
  };
  const name = htmlName || id;
  return (
    <div className="nhsuk-date-input" id={id}>
      {BOXES.map((box, i) => (
        <div className="nhsuk-date-input__item" key={box.name}>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${box.name}`}>
              {box.label}
            </label>
            <input
              className={cx("nhsuk-input", "nhsuk-date-input__input", box.width, error && "nhsuk-input--error")}
              id={`${id}-${box.name}`}
              name={`${name}-${box.name}`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={parts[box.name]}
              disabled={disabled}
              readOnly={readonly}
              autoFocus={autofocus && i === 0}
              onChange={(event) => update(box.name, event.target.value)}
              onBlur={() => onBlur(id, isoFromParts(parts))}
              onFocus={() => onFocus(id, isoFromParts(parts))}
            />
          </div>
        </div>
      ))}
    </div>
  );
}
