/**
 * One answer for reading (summaries, read-only items): dates in words, choice labels, several
 * choices as a list, long text with its line breaks, links only for web addresses.
 */
import type { ReactNode } from "react";
import { type CompiledForm, type CompiledItem, formatLongDate } from "../../../engine/runtime/index.ts";
import { choiceLabel, formatItemAnswer, isAnswered, NOT_ANSWERED } from "./answers.ts";
import "./form.css";

export function AnswerValue({ form, item, value }: { form: CompiledForm; item: CompiledItem | undefined; value: unknown }): ReactNode {
  if (!isAnswered(value)) return NOT_ANSWERED;
  if (!item) return formatItemAnswer(form, undefined, value);
  switch (item.type) {
    case "date":
      return formatLongDate(value);
    case "single_choice":
      return choiceLabel(form, item, value);
    case "multiple_choice": {
      const codes = Array.isArray(value) ? value : [value];
      if (codes.length === 1) return choiceLabel(form, item, codes[0]);
      return (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {codes.map((code, i) => (
            <li key={`${String(code)}-${i}`}>{choiceLabel(form, item, code)}</li>
          ))}
        </ul>
      );
    }
    case "long_text":
      return <span className="app-preserve-lines">{String(value)}</span>;
    case "url": {
      const text = String(value);
      // Only web addresses become links: never a javascript: or data: URL.
      return /^https?:\/\//i.test(text) ? (
        <a className="nhsuk-link app-break-words" href={text} rel="noreferrer noopener">
          {text}
        </a>
      ) : (
        <span className="app-break-words">{text}</span>
      );
    }
    default:
      return formatItemAnswer(form, item, value);
  }
}
