/**
 * The records awaiting one of the collection's actions (its `waiting_list`), in the user's
 * scope, as the server lists them; each links to the action's own page. Also the inset on the
 * case list that says how many await the user, shown only when some do.
 */
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import type { CompiledAction, CompiledForm, CompiledItem } from "../../../engine/runtime/index.ts";
import { api, type CaseRecord } from "../api.ts";
import { formatAnswer } from "../form/summary.ts";
import { loadCollection, useAsync } from "./data.ts";
import { isBlank, itemOf, plural, recordTitle } from "./format.ts";
import { ErrorView, NotFound } from "./Problems.tsx";
import { BackLink, Loading, PageHeading, Pagination, PastTheEnd, ScrollingTable, usePageTitle } from "./shared.tsx";
import { RecordStatusTag } from "./RecordStatus.tsx";

const PAGE_SIZE = 25;

export function ActionList() {
  const { collection = "", action: actionId = "" } = useParams();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const requested = Number(params.get("page") ?? "1");
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const state = useAsync(async () => {
    const { current } = await loadCollection(collection);
    const action = current.collection.actions?.find((a) => a.id === actionId && a.waitingList);
    return { form: current, action, page: action ? await api.awaiting(collection, action.id, page, PAGE_SIZE) : null };
  }, [collection, actionId, page]);
  const heading = state.data?.action?.waitingList ?? null;
  usePageTitle(state.status === "error" || (state.data && !heading) ? null : (heading ?? "Loading"));

  if (state.status === "error") return <ErrorView error={state.error} what="List" />;
  if (!state.data) return <Loading />;
  const { form, action, page: records } = state.data;
  if (!action || !records) return <NotFound what="List" />;
  const totalPages = Math.max(1, Math.ceil(records.total / records.pageSize));
  const hrefFor = (n: number) => (n === 1 ? pathname : `${pathname}?page=${n}`);
  return (
    <>
      <BackLink to={`/c/${collection}`}>Back to all cases</BackLink>
      <PageHeading>{action.waitingList}</PageHeading>
      <p className="nhsuk-body" role="status">
        {records.total === 0 ? "Nothing is waiting for you." : `${plural(records.total, "case")} waiting for you.`}
      </p>
      {records.items.length ? (
        <ScrollingTable
          id="awaiting"
          caption={`${action.waitingList}, most recently updated first${totalPages > 1 ? ` (page ${records.page} of ${totalPages})` : ""}`}
          headings={[...columnsOf(form).map((i) => i.label), form.ownerOrganisationType.toUpperCase(), "Action"]}
        >
          {records.items.map((record) => (
            <AwaitingRow key={record.id} record={record} form={form} action={action} collection={collection} />
          ))}
        </ScrollingTable>
      ) : null}
      <PastTheEnd page={records.page} rows={records.items.length} total={records.total} totalPages={totalPages} what="cases" hrefFor={hrefFor} />
      <Pagination page={records.page} totalPages={totalPages} hrefFor={hrefFor} />
    </>
  );
}

/** The list's columns, as the collection's case list has them. */
function columnsOf(form: CompiledForm): CompiledItem[] {
  return form.collection.list.columns.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i !== undefined);
}

function AwaitingRow({ record, form, action, collection }: { record: CaseRecord; form: CompiledForm; action: CompiledAction; collection: string }) {
  const title = recordTitle(form, record.data, "Case without an identifier");
  return (
    <tr className="nhsuk-table__row">
      {columnsOf(form).map((item) => (
        <td className={`nhsuk-table__cell${item.type === "date" ? " app-nowrap" : ""}`} key={item.key}>
          {item.key === form.collection.recordTitle ? (
            <Link to={`/c/${collection}/${record.id}`}>{title}</Link>
          ) : isBlank(record.data[item.key]) ? (
            ""
          ) : item.key === form.collection.recordStatus?.item ? (
            <RecordStatusTag form={form} data={record.data} />
          ) : (
            formatAnswer(form, item.key, record.data[item.key])
          )}
        </td>
      ))}
      <td className="nhsuk-table__cell">
        {record.owner.name} ({record.owner.code})
      </td>
      <td className="nhsuk-table__cell">
        <Link to={`/c/${collection}/${record.id}/actions/${action.id}`}>
          {action.title}
          <span className="nhsuk-u-visually-hidden"> for {title}</span>
        </Link>
      </td>
    </tr>
  );
}

/** On the case list: how many records await each action the user may take, linking to each list; nothing when none do. */
export function AwaitingActions({ collection, form }: { collection: string; form: CompiledForm }) {
  const lists = (form.collection.actions ?? []).filter((a) => a.waitingList);
  const state = useAsync(async () => Promise.all(lists.map(async (action) => ({ action, total: (await api.awaiting(collection, action.id, 1, 1)).total }))), [collection, lists.map((a) => a.id).join()]);
  const waiting = (state.data ?? []).filter((w) => w.total > 0);
  if (!waiting.length) return null;
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {waiting.map(({ action, total }) => (
        <p key={action.id}>
          <Link to={`/c/${collection}/actions/${action.id}`}>{action.waitingList}</Link>: {plural(total, "case")}
        </p>
      ))}
    </div>
  );
}
