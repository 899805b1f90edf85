/**
 * A record's answers as NHS summary lists, one per section (with an h2 per section): dates in
 * words, choice labels, several choices as a list, long text with its line breaks, "Not
 * answered" for blank answers, and optional "Change" links. Items not shown for these answers
 * (shown_when false) are left out. A repeating group is listed entry by entry.
 */
import type { ReactNode } from "react";
import { type CompiledForm, type CompiledItem, type CompiledSection, hiddenItems } from "../../../engine/runtime/index.ts";
import { capitalise, isAnswered, NOT_ANSWERED } from "./answers.ts";
import { AnswerValue } from "./AnswerValue.tsx";
import { answerTargetId } from "./field-ids.ts";
import type { AnswersSummaryProps, RecordData } from "./types.ts";
import "./form.css";

function isObject(value: unknown): value is RecordData {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The "Change" link's address: the page's URL with the field's id as the fragment, unless the
 * page's URL already has a fragment of its own (then it is used as it is).
 */
function changeUrl(base: string, target: string | undefined): string {
  return !target || base.includes("#") ? base : `${base}#${target}`;
}

interface RowProps {
  form: CompiledForm;
  item: CompiledItem;
  value: unknown;
  path: (string | number)[];
  data: RecordData;
  changeHref?: (itemKey: string) => string | undefined;
}

function Row({ form, item, value, path, data, changeHref }: RowProps) {
  const base = changeHref?.(String(path[0]));
  const href = base === undefined ? undefined : changeUrl(base, answerTargetId(form, path, data));
  return (
    <div className={href ? "nhsuk-summary-list__row" : "nhsuk-summary-list__row nhsuk-summary-list__row--no-actions"}>
      <dt className="nhsuk-summary-list__key">{item.label}</dt>
      <dd className="nhsuk-summary-list__value">
        <AnswerValue form={form} item={item} value={value} />
      </dd>
      {href ? (
        <dd className="nhsuk-summary-list__actions">
          <a className="nhsuk-link" href={href}>
            Change<span className="nhsuk-u-visually-hidden"> {item.label}</span>
          </a>
        </dd>
      ) : null}
    </div>
  );
}

export function AnswersSummary({ form, data, changeHref, showEmpty = true }: AnswersSummaryProps) {
  const answers: RecordData = isObject(data) ? data : {};
  const hidden = hiddenItems(form.items, answers);
  const byKey = new Map(form.items.map((i) => [i.key, i]));
  const sections: CompiledSection[] = form.sections.length ? form.sections : [{ id: "answers", title: "", items: form.items.map((i) => i.key) }];
  const placed = new Set(sections.flatMap((s) => s.items));
  const unplaced = form.items.filter((i) => !placed.has(i.key)).map((i) => i.key);
  const allSections = unplaced.length ? [...sections, { id: "other", title: "Other answers", items: unplaced }] : sections;

  const rowsOf = (keys: readonly string[]): ReactNode[] => {
    const out: ReactNode[] = [];
    let pending: ReactNode[] = [];
    const flush = () => {
      if (pending.length) out.push(<dl className="nhsuk-summary-list" key={`list-${out.length}`}>{pending}</dl>);
      pending = [];
    };
    for (const key of keys) {
      const item = byKey.get(key);
      if (!item || hidden.has(key)) continue;
      const value = answers[key];
      if (item.type === "repeating_group" && Array.isArray(value) && value.length) {
        flush();
        out.push(<GroupEntries key={`group-${key}`} form={form} group={item} entries={value} data={answers} changeHref={changeHref} showEmpty={showEmpty} />);
        continue;
      }
      if (!showEmpty && !isAnswered(value)) continue;
      pending.push(<Row key={key} form={form} item={item} value={value} path={[key]} data={answers} changeHref={changeHref} />);
    }
    flush();
    return out;
  };

  return (
    <>
      {allSections.map((section) => {
        const rows = rowsOf(section.items);
        if (!rows.length) return null;
        return (
          <div className="app-answers-section" key={section.id}>
            {section.title ? <h2 className="nhsuk-heading-m">{section.title}</h2> : null}
            {rows}
          </div>
        );
      })}
    </>
  );
}

function GroupEntries(props: { form: CompiledForm; group: CompiledItem; entries: unknown[]; data: RecordData; changeHref?: (itemKey: string) => string | undefined; showEmpty: boolean }) {
  const { form, group, entries, data, changeHref, showEmpty } = props;
  const entryLabel = capitalise(group.entryLabel ?? "entry");
  return (
    <>
      {entries.map((entry, index) => {
        const answers: RecordData = isObject(entry) ? entry : {};
        const hidden = hiddenItems(group.items ?? [], answers);
        const rows = (group.items ?? [])
          .filter((sub) => !hidden.has(sub.key) && (showEmpty || isAnswered(answers[sub.key])))
          .map((sub) => <Row key={sub.key} form={form} item={sub} value={answers[sub.key]} path={[group.key, index, sub.key]} data={data} changeHref={changeHref} />);
        return (
          <div className="app-answers-entry" key={index}>
            <h3 className="nhsuk-heading-s">
              {entryLabel} {index + 1}
            </h3>
            {rows.length ? <dl className="nhsuk-summary-list">{rows}</dl> : <p className="nhsuk-body">{NOT_ANSWERED}</p>}
          </div>
        );
      })}
    </>
  );
}
