/**
 * The NHS error summary at the top of the form: its heading, then one link per problem to the
 * field it is about (the day box of a date, the first option of a choice). Clicking a link
 * moves focus to that field. CaseForm moves focus to the summary itself when it appears.
 */
import type { ErrorListProps, RJSFSchema } from "@rjsf/utils";
import { answerTargetId, fieldId, isShownPath } from "../field-ids.ts";
import type { RecordData } from "../types.ts";
import { focusAnswer, type NhsFormContext } from "./shared.tsx";

export const ERROR_SUMMARY_ID = "error-summary";

/** ".recommendations.0.due_date" → ["recommendations", "0", "due_date"]; "." → []. */
export function propertySegments(property: string | undefined): string[] {
  return (property ?? "").split(".").filter((s) => s !== "");
}

export function ErrorListTemplate({ errors, registry }: ErrorListProps<RecordData, RJSFSchema, NhsFormContext>) {
  const { form, errorTitle, data } = registry.formContext;
  const current = data();
  // An item hidden since the last check (its condition no longer holds) is not sent, so its
  // problem no longer applies. The same problem can also arrive twice (this form's check and
  // the server's): list it once.
  const seen = new Set<string>();
  const problems = errors.filter((e) => {
    if (!isShownPath(form, propertySegments(e.property), current)) return false;
    const key = `${e.property ?? ""}\u0000${e.message ?? e.stack}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!problems.length) return null;
  return (
    <div className="nhsuk-error-summary" id={ERROR_SUMMARY_ID} tabIndex={-1}>
      {/* role="alert" sits on a child so focusing the summary and announcing it do not race. */}
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{errorTitle}</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {problems.map((problem, i) => {
              const segments = propertySegments(problem.property);
              const target = answerTargetId(form, segments, current);
              const message = problem.message ?? problem.stack;
              return (
                <li key={`${problem.property ?? ""}-${i}`}>
                  {target ? (
                    <a
                      href={`#${target}`}
                      onClick={(event) => {
                        if (focusAnswer(target, fieldId(segments))) event.preventDefault();
                      }}
                    >
                      {message}
                    </a>
                  ) : (
                    message
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </div>
  );
}
