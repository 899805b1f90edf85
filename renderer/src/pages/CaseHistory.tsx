/** Every revision of a case, newest first, with what changed in each. */
import { Link, useParams } from "react-router";
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import { api, type HistoryEntry } from "../api.ts";
import { formatAnswer } from "../form/summary.ts";
import { loadForm, loadForms, useAsync } from "./data.ts";
import { formatDateTime, isBlank, recordTitle } from "./format.ts";
import { ErrorView } from "./Problems.tsx";
import { BackLink, Loading, PageHeading, usePageTitle } from "./shared.tsx";

export function CaseHistory() {
  const { collection = "", id = "" } = useParams();
  const state = useAsync(async () => {
    const [record, history] = await Promise.all([api.get(collection, id), api.history(collection, id)]);
    const [form, forms] = await Promise.all([
      loadForm(collection, record.version),
      loadForms(
        collection,
        history.items.map((h) => h.version),
      ),
    ]);
    return { record, form, forms, revisions: [...history.items].sort((a, b) => b.revision - a.revision) };
  }, [collection, id]);
  const title = state.data ? `History of ${recordTitle(state.data.form, state.data.record.data, "case")}` : "History";
  usePageTitle(state.status === "error" ? null : title);

  if (state.status === "error") return <ErrorView error={state.error} what="Case" />;
  if (!state.data) return <Loading />;
  const { record, form, forms, revisions } = state.data;
  const caseUrl = `/c/${collection}/${record.id}`;
  return (
    <>
      <BackLink to={caseUrl} />
      <PageHeading>{title}</PageHeading>
      <p className="nhsuk-body">{revisions.length === 1 ? "This case has 1 revision." : `This case has ${revisions.length} revisions.`} The newest is first.</p>
      {revisions.map((revision) => (
        <Revision key={revision.revision} revision={revision} form={forms.get(revision.version) ?? form} />
      ))}
      <p className="nhsuk-body">
        <Link to={caseUrl}>Back to the case</Link>
      </p>
    </>
  );
}

function describe(revision: HistoryEntry): string {
  if (revision.reason === "import") return "Case imported from a legacy file";
  if (revision.revision === 1) return "Case added";
  if (revision.reason.startsWith("migration")) return `Migrated to version ${revision.version}`;
  if (revision.reason.startsWith("owner succession")) return `Moved to ${revision.ownerOrg}, which took over from the closed organisation`;
  if (revision.reason.startsWith("owner assigned")) return `Owner assigned: ${revision.ownerOrg}`;
  if (revision.reason.startsWith("owner closed")) return "Owner closed: waiting for a national user to choose its successor";
  return "Case changed";
}

/** Changes in the order the form asks its questions (the API lists them by key). */
function inFormOrder<T extends { item: string }>(form: CompiledForm, changes: T[]): T[] {
  const position = (key: string) => {
    const i = form.items.findIndex((item) => item.key === key);
    return i === -1 ? form.items.length : i;
  };
  return [...changes].sort((a, b) => position(a.item) - position(b.item));
}

function Revision({ revision, form }: { revision: HistoryEntry; form: CompiledForm }) {
  const show = (key: string, value: unknown) => (isBlank(value) ? "(none)" : formatAnswer(form, key, value) || "(none)");
  const when = formatDateTime(revision.createdAt);
  return (
    <section className="app-revision" aria-labelledby={`revision-${revision.revision}`}>
      <h2 className="nhsuk-heading-m" id={`revision-${revision.revision}`}>
        Revision {revision.revision}: {describe(revision)}
      </h2>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">When</dt>
          <dd className="nhsuk-summary-list__value">{when}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Who</dt>
          <dd className="nhsuk-summary-list__value">{revision.createdBy.displayName}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Version</dt>
          <dd className="nhsuk-summary-list__value">{form.title}</dd>
        </div>
      </dl>
      {revision.changes.length === 0 ? (
        <p className="nhsuk-body">No answers changed.</p>
      ) : (
        <div className="nhsuk-table-container">
          <table className="nhsuk-table app-changes">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">
              {revision.revision === 1 ? "Answers given" : "Answers changed"} in revision {revision.revision}
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  Item
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Old value
                </th>
                <th className="nhsuk-table__header" scope="col">
                  New value
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {inFormOrder(form, revision.changes).map((change) => (
                <tr className="nhsuk-table__row" key={change.item}>
                  <th className="nhsuk-table__header" scope="row">
                    {change.label}
                  </th>
                  <td className="nhsuk-table__cell">{show(change.item, change.before)}</td>
                  <td className="nhsuk-table__cell">{show(change.item, change.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
