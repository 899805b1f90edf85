/**
 * One question in NHS.UK markup: the form group (red bar when in error), the label (or a
 * fieldset and legend for dates and choices), the hint, the error message, then the widget.
 * Objects and groups pass straight through (their own templates draw them). Items the user
 * may not write are drawn as text under their question, not as disabled inputs. The label is
 * the item's question when the definition gives one (RJSF's ui:title).
 */
import { getUiOptions } from "@rjsf/utils";
import { itemAt } from "../answers.ts";
import { AnswerValue } from "../AnswerValue.tsx";
import { cx, describedBy, ErrorMessage, fieldKind, firstError, Hint, hintOf, type NhsFieldTemplateProps } from "./shared.tsx";

const FIELDSET_KINDS = new Set(["date", "radio", "checkboxes"]);

export function FieldTemplate(props: NhsFieldTemplateProps) {
  const { id, label, children, rawErrors, hidden, readonly, schema, uiSchema, registry, fieldPathId, formData } = props;
  const kind = fieldKind(schema, uiSchema);
  if (hidden || kind === "hidden") return null;
  if (kind === "object" || kind === "group") return children;

  const options = getUiOptions(uiSchema);
  const error = firstError(rawErrors);
  const hint = hintOf(kind, typeof schema.description === "string" ? schema.description : undefined);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const questionText = `${label}${options.optional && !readonly ? " (optional)" : ""}`;

  if (readonly) {
    const { form } = registry.formContext;
    return (
      <div className={cx("nhsuk-form-group", "app-readonly-answer", error && "nhsuk-form-group--error")}>
        <p className="nhsuk-label" id={`${id}-label`}>
          {label}
        </p>
        {/* No hint: it says how to answer, and this answer cannot be changed here. */}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div
          className="nhsuk-body app-readonly-answer__value"
          id={id}
          tabIndex={-1}
          role="group"
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy(error && errorId)}
        >
          <AnswerValue form={form} item={itemAt(form, fieldPathId.path)} value={formData} />
        </div>
      </div>
    );
  }

  const maxLength = typeof options.maxLength === "number" ? options.maxLength : undefined;
  const characterCount = kind === "textarea" && maxLength !== undefined;
  const groupClass = cx("nhsuk-form-group", characterCount && "nhsuk-character-count", error && "nhsuk-form-group--error");
  const hintAndError = (
    <>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
    </>
  );

  if (FIELDSET_KINDS.has(kind)) {
    return (
      <div className={groupClass}>
        <fieldset className="nhsuk-fieldset" role={kind === "date" ? "group" : undefined} aria-describedby={describedBy(hint ? hintId : undefined, error && errorId)}>
          <legend className="nhsuk-fieldset__legend">{questionText}</legend>
          {hintAndError}
          {children}
        </fieldset>
      </div>
    );
  }

  return (
    // The attribute tells nhsuk-frontend's CSS that the character count is live (drawn by the widget).
    <div className={groupClass} {...(characterCount ? { "data-nhsuk-character-count-init": "" } : {})}>
      <label className="nhsuk-label" htmlFor={id}>
        {questionText}
      </label>
      {hintAndError}
      {children}
    </div>
  );
}
