/**
 * One page of the case list, shown twice over: a table on wider screens and, on a phone, one
 * NHS summary card per case with every field the table has (a CSS media query picks one; the
 * other is display: none, so assistive technology meets only the one shown). Nothing is
 * hidden in a sideways-scrolling table.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { CompiledForm, CompiledItem } from "../../../engine/runtime/index.ts";
import type { CaseRecord } from "../api.ts";
import { formatAnswer } from "../form/summary.ts";
import "./case-list.css";
import { isBlank, isRecordStatus, itemOf, recordTitle } from "./format.ts";
import { RecordStatusTag } from "./RecordStatus.tsx";

interface ResultsProps {
  records: CaseRecord[];
  form: CompiledForm;
  forms: Map<string, CompiledForm>;
  collection: string;
  showOwner: boolean;
  caption: string;
}

export function CaseListResults(props: ResultsProps) {
  return (
    <>
      <CaseTable {...props} />
      <CaseCards {...props} />
    </>
  );
}

function columnsOf(form: CompiledForm): CompiledItem[] {
  return form.collection.list.columns.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i !== undefined);
}

/** A column's answer for display: the title as a link to the case, the declared record status as a tag. */
function cellContent(record: CaseRecord, form: CompiledForm, key: string, collection: string): ReactNode {
  const value = record.data[key];
  const text = isBlank(value) ? "" : formatAnswer(form, key, value);
  if (key === form.collection.recordTitle) return <Link to={`/c/${collection}/${record.id}`}>{recordTitle(form, record.data, "Case without an identifier")}</Link>;
  if (isRecordStatus(form, key) && text) return <RecordStatusTag form={form} data={record.data} />;
  return text;
}

/** The owner's name with its code kept on one line, so a long name wraps as words, not as a code. */
function OwnerName({ record }: { record: CaseRecord }) {
  return (
    <>
      {record.owner.name} <span className="app-nowrap">({record.owner.code})</span>
    </>
  );
}

function CaseTable({ records, form, forms, collection, showOwner, caption }: ResultsProps) {
  const columns = columnsOf(form);
  return (
    // A region that takes focus, so that keyboard users can scroll a wide table on a small screen.
    <div className="nhsuk-table-container app-case-table" role="region" aria-labelledby="cases-caption" tabIndex={0}>
      <table className={showOwner ? "nhsuk-table nhsuk-u-font-size-16" : "nhsuk-table"}>
        <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="cases-caption">
          {caption}
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {columns.map((item) => (
              <th className="nhsuk-table__header" scope="col" key={item.key}>
                {item.label}
              </th>
            ))}
            {showOwner ? (
              <>
                <th className="nhsuk-table__header" scope="col">
                  {form.ownerOrganisationType.toUpperCase()}
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Region
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {records.map((record) => {
            const recordForm = forms.get(record.version) ?? form;
            return (
              <tr className="nhsuk-table__row" key={record.id}>
                {columns.map(({ key }) => (
                  <td className={`nhsuk-table__cell${itemOf(recordForm, key)?.type === "date" ? " app-nowrap" : ""}`} key={key}>
                    {cellContent(record, recordForm, key, collection)}
                  </td>
                ))}
                {showOwner ? (
                  <>
                    <td className="nhsuk-table__cell">
                      <div className="app-case-table__owner">
                        <OwnerName record={record} />
                      </div>
                    </td>
                    <td className="nhsuk-table__cell">
                      <div className="app-case-table__region">{record.owner.region?.name ?? "Unknown"}</div>
                    </td>
                  </>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CaseCards({ records, form, forms, collection, showOwner, caption }: ResultsProps) {
  const columns = columnsOf(form);
  return (
    <div className="app-case-cards">
      <h2 className="nhsuk-heading-s" id="case-cards-heading">
        {caption}
      </h2>
      <ul className="nhsuk-list" aria-labelledby="case-cards-heading">
        {records.map((record) => {
          const recordForm = forms.get(record.version) ?? form;
          const titleKey = recordForm.collection.recordTitle;
          const rows: { key: string; label: string; value: ReactNode }[] = columns
            .filter((item) => item.key !== titleKey)
            .map((item) => ({ key: item.key, label: itemOf(recordForm, item.key)?.label ?? item.label, value: cellContent(record, recordForm, item.key, collection) }));
          if (showOwner) {
            rows.push({ key: "owner", label: form.ownerOrganisationType.toUpperCase(), value: <OwnerName record={record} /> });
            rows.push({ key: "region", label: "Region", value: record.owner.region?.name ?? "Unknown" });
          }
          return (
            <li className="nhsuk-card app-case-card" key={record.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-s">
                  {titleKey ? cellContent(record, recordForm, titleKey, collection) : <Link to={`/c/${collection}/${record.id}`}>Case without an identifier</Link>}
                </h3>
                <dl className="nhsuk-summary-list nhsuk-u-margin-bottom-0">
                  {rows.map((row) => (
                    <div className="nhsuk-summary-list__row" key={row.key}>
                      <dt className="nhsuk-summary-list__key">{row.label}</dt>
                      <dd className="nhsuk-summary-list__value">{row.value === "" ? "Not answered" : row.value}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
