/** The case list: the user's visible records, filtered, searched, sorted and paged by URL. */
import type { FormEvent, ReactNode } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import type { CompiledForm, CompiledItem } from "../../../engine/runtime/index.ts";
import { api, type CaseRecord } from "../api.ts";
import { formatAnswer } from "../form/summary.ts";
import { loadCollection, loadForms, useAsync } from "./data.ts";
import { isBlank, isStatusItem, itemOf, plural, recordTitle, statusTagClass } from "./format.ts";
import { DraftKeptBanner, Drafts } from "./Drafts.tsx";
import { AwaitingActions } from "./ActionList.tsx";
import { ErrorView } from "./Problems.tsx";
import { choiceOptions, ClosedOrganisation, Loading, PageHeading, Pagination, SelectField, usePageTitle, useSession } from "./shared.tsx";

const PAGE_SIZE = 25;

const QUALITY_FILTERS = ["complete", "flagged"] as const;

/** How the list says it is narrowed by the dashboard's links. */
function narrowing(query: URLSearchParams): string | null {
  const parts = [
    query.get("complete") === "no" ? "incomplete cases" : query.get("complete") === "yes" ? "complete cases" : null,
    query.get("flagged") === "yes" ? "cases flagged for review" : query.get("flagged") === "no" ? "cases not flagged for review" : null,
    query.get("owner") ? `cases of ${query.get("owner")}` : null,
  ].filter(Boolean);
  return parts.length ? `Showing only ${parts.join(", ")}.` : null;
}

interface SortOption {
  value: string;
  label: string;
  /** How the table's caption says it is ordered. */
  caption: string;
}

/** Sort choices: by date updated either way, then each text or date column of the list. */
export function sortOptions(form: CompiledForm): SortOption[] {
  const options: SortOption[] = [
    { value: "updatedAt:desc", label: "Updated (newest first)", caption: "most recently updated first" },
    { value: "updatedAt:asc", label: "Updated (oldest first)", caption: "least recently updated first" },
  ];
  for (const key of form.collection.list.columns) {
    const item = itemOf(form, key);
    if (item?.type === "date")
      options.push({ value: `${key}:desc`, label: `${item.label} (newest first)`, caption: `by ${item.label.toLowerCase()}, newest first` });
    else if (item?.type === "short_text") options.push({ value: `${key}:asc`, label: `${item.label} (A to Z)`, caption: `by ${item.label}, A to Z` });
  }
  options.push({ value: "createdAt:desc", label: "Date created (newest first)", caption: "most recently created first" });
  return options;
}

function filterItems(form: CompiledForm): CompiledItem[] {
  return form.collection.list.filters.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i !== undefined && !!i.choices);
}

/** The API query for the URL's parameters; anything unknown or invalid in the URL is left out. */
function apiQuery(form: CompiledForm, params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  const page = Number(params.get("page") ?? "1");
  query.set("page", String(Number.isInteger(page) && page >= 1 ? page : 1));
  const q = params.get("q")?.trim();
  if (q) query.set("q", q);
  // The dashboard's data-quality figures link here with these.
  for (const key of QUALITY_FILTERS) {
    const value = params.get(key);
    if (value === "yes" || value === "no") query.set(key, value);
  }
  const owner = params.get("owner");
  if (owner && /^[A-Z0-9]{3,5}$/.test(owner)) query.set("owner", owner);
  for (const item of filterItems(form)) {
    const value = params.get(item.key);
    if (value && form.choiceLists[item.choices!]?.choices.some((c) => c.code === value)) query.set(item.key, value);
  }
  const sort = sortOptions(form).find((o) => o.value === `${params.get("sort")}:${params.get("dir")}`);
  if (sort) {
    const [by, dir] = sort.value.split(":");
    query.set("sort", by!);
    query.set("dir", dir!);
  }
  return query;
}

export function CaseList() {
  const { collection = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const { permissions, organisationStatus } = useSession();
  const { pathname } = useLocation();
  const state = useAsync(async () => {
    const { current } = await loadCollection(collection);
    const query = apiQuery(current, params);
    const page = await api.list(collection, query);
    const forms = await loadForms(
      collection,
      page.items.map((r) => r.version),
    );
    return { form: current, query, page, forms };
  }, [collection, params.toString()]);
  usePageTitle(state.status === "error" ? null : "Cases");

  if (state.status === "error") return <ErrorView error={state.error} what="Collection" />;
  if (!state.data) return <Loading />;
  const { form, query, page, forms } = state.data;

  const filtered = ["q", ...QUALITY_FILTERS, "owner", ...filterItems(form).map((i) => i.key)].some((k) => query.has(k));
  const totalPages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const sort = sortOptions(form).find((o) => o.value === `${query.get("sort") ?? "updatedAt"}:${query.get("dir") ?? "desc"}`) ?? sortOptions(form)[0]!;

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const [key, value] of data) {
      if (typeof value !== "string" || value.trim() === "") continue;
      if (key === "order") {
        const [by, dir] = value.split(":");
        if (value !== "updatedAt:desc") {
          next.set("sort", by!);
          next.set("dir", dir!);
        }
      } else next.set(key, value.trim());
    }
    setParams(next);
  };
  const hrefFor = (n: number) => {
    const next = new URLSearchParams(params);
    if (n === 1) next.delete("page");
    else next.set("page", String(n));
    const search = next.toString();
    return search ? `${pathname}?${search}` : pathname;
  };

  return (
    <>
      <DraftKeptBanner />
      <PageHeading>Cases</PageHeading>
      {organisationStatus && !organisationStatus.open ? <ClosedOrganisation status={organisationStatus} /> : null}
      {permissions?.createIn.includes(collection) ? (
        <Link className="nhsuk-button" to={`/c/${collection}/new`}>
          Add a case
        </Link>
      ) : null}
      <Drafts collection={collection} />
      {permissions?.assignOwners ? (
        <p className="nhsuk-body">
          <Link to={`/c/${collection}/owner-queue`}>Cases waiting for an owner</Link>
        </p>
      ) : null}
      <AwaitingActions collection={collection} form={form} />
      {narrowing(query) ? (
        <div className="nhsuk-inset-text">
          <p>
            {narrowing(query)} <Link to={pathname}>Show all cases</Link>
          </p>
        </div>
      ) : null}
      <Filters form={form} query={query} sort={sort.value} onSubmit={apply} key={params.toString()} />
      <p className="nhsuk-body nhsuk-u-font-weight-bold" role="status">
        {plural(page.total, "case")}
        {filtered ? ` ${page.total === 1 ? "matches" : "match"} your search and filters` : ""}
      </p>
      {page.items.length === 0 ? (
        <p className="nhsuk-body">
          {filtered
            ? "No cases match your search and filters. Try changing or removing some of them."
            : "No cases match: there are no cases for you to see yet."}
        </p>
      ) : (
        <CaseTable
          records={page.items}
          form={form}
          forms={forms}
          collection={collection}
          showOwner={permissions?.seesManyOrganisations ?? false}
          caption={`Cases, ${sort.caption}${totalPages > 1 ? ` (page ${page.page} of ${totalPages})` : ""}`}
        />
      )}
      <Pagination page={page.page} totalPages={totalPages} hrefFor={hrefFor} />
    </>
  );
}

function Filters({
  form,
  query,
  sort,
  onSubmit,
}: {
  form: CompiledForm;
  query: URLSearchParams;
  sort: string;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
}) {
  const search = form.collection.list.search.map((k) => itemOf(form, k)?.label ?? k);
  return (
    <form className="app-filters" method="get" noValidate onSubmit={onSubmit} aria-labelledby="filters-heading">
      <h2 className="nhsuk-heading-s" id="filters-heading">
        Search and filter
      </h2>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="filter-q">
          Search overview and identifier
        </label>
        <div className="nhsuk-hint" id="filter-q-hint">
          Searches {search.join(" and ")}
        </div>
        <input
          className="nhsuk-input nhsuk-u-width-two-thirds"
          id="filter-q"
          name="q"
          type="search"
          defaultValue={query.get("q") ?? ""}
          aria-describedby="filter-q-hint"
        />
      </div>
      <div className="app-filters__row">
        {filterItems(form).map((item) => (
          <SelectField key={item.key} id={`filter-${item.key}`} name={item.key} label={item.label} value={query.get(item.key) ?? ""} any="Any" options={choiceOptions(form.choiceLists[item.choices!]?.choices)} />
        ))}
        <div className="nhsuk-form-group app-filters__field">
          <label className="nhsuk-label" htmlFor="filter-order">
            Sort by
          </label>
          <select className="nhsuk-select" id="filter-order" name="order" defaultValue={sort}>
            {sortOptions(form).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
        Apply filters
      </button>
    </form>
  );
}

function CaseTable({
  records,
  form,
  forms,
  collection,
  showOwner,
  caption,
}: {
  records: CaseRecord[];
  form: CompiledForm;
  forms: Map<string, CompiledForm>;
  collection: string;
  showOwner: boolean;
  caption: string;
}) {
  const columns = form.collection.list.columns.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i !== undefined);
  return (
    // A region that takes focus, so that keyboard users can scroll a wide table on a small screen.
    <div className="nhsuk-table-container" role="region" aria-labelledby="cases-caption" tabIndex={0}>
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
          {records.map((record) => (
            <CaseRow
              key={record.id}
              record={record}
              form={forms.get(record.version) ?? form}
              columns={columns.map((c) => c.key)}
              collection={collection}
              showOwner={showOwner}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CaseRow({
  record,
  form,
  columns,
  collection,
  showOwner,
}: {
  record: CaseRecord;
  form: CompiledForm;
  columns: string[];
  collection: string;
  showOwner: boolean;
}) {
  const titleKey = form.collection.recordTitle;
  return (
    <tr className="nhsuk-table__row">
      {columns.map((key) => {
        const value = record.data[key];
        const text = isBlank(value) ? "" : formatAnswer(form, key, value);
        let content: ReactNode = text;
        if (key === titleKey) {
          content = <Link to={`/c/${collection}/${record.id}`}>{recordTitle(form, record.data, "Case without an identifier")}</Link>;
        } else if (isStatusItem(itemOf(form, key)) && text) {
          content = <strong className={statusTagClass(value)}>{text}</strong>;
        }
        return (
          <td className={`nhsuk-table__cell${itemOf(form, key)?.type === "date" ? " app-nowrap" : ""}`} key={key}>
            {content}
          </td>
        );
      })}
      {showOwner ? (
        <>
          <td className="nhsuk-table__cell">
            {record.owner.name} ({record.owner.code})
          </td>
          <td className="nhsuk-table__cell">{record.owner.region?.name ?? "Unknown"}</td>
        </>
      ) : null}
    </tr>
  );
}
