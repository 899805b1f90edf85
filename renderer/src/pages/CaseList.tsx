/** The case list: the user's visible records, filtered, searched, sorted and paged by the address. */
import type { FormEvent } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { api } from "../api.ts";
import { addressOf, AFTER, apiQuery, narrowingParameters, PAGE_PARAMETERS, sortOptions } from "./case-list-params.ts";
import { CaseListFilters } from "./CaseListFilters.tsx";
import { CaseListResults } from "./CaseListResults.tsx";
import { CaseListViews } from "./CaseListViews.tsx";
import { loadCollection, loadForms, useAsync } from "./data.ts";
import { plural } from "./format.ts";
import { DraftKeptBanner, Drafts } from "./Drafts.tsx";
import { AwaitingActions } from "./ActionList.tsx";
import { ErrorView } from "./Problems.tsx";
import { ClosedOrganisation, isPastTheEnd, Loading, PageHeading, Pagination, PastTheEnd, usePageTitle, useSession } from "./shared.tsx";

/** How the list says it is narrowed by the dashboard's links (an owner only when the filters cannot show it). */
function narrowing(query: URLSearchParams, ownerInFilters: boolean): string | null {
  const parts = [
    query.get("complete") === "no" ? "incomplete cases" : query.get("complete") === "yes" ? "complete cases" : null,
    query.get("flagged") === "yes" ? "cases flagged for review" : query.get("flagged") === "no" ? "cases not flagged for review" : null,
    query.get("owner") && !ownerInFilters ? `cases of ${query.get("owner")}` : null,
  ].filter(Boolean);
  return parts.length ? `Showing only ${parts.join(", ")}.` : null;
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

  const filtered = narrowingParameters(form).some((k) => query.has(k));
  // Past 10,000 the server stops counting: the pages known so far, and one more while there is a next.
  const totalPages = Math.max(1, Math.ceil(page.total / page.pageSize), page.totalCapped && page.next ? page.page + 1 : 0);
  const sort = sortOptions(form).find((o) => o.value === `${query.get("sort") ?? "updatedAt"}:${query.get("dir") ?? "desc"}`) ?? sortOptions(form)[0]!;
  const view = page.views.find((v) => v.id === page.view);

  // The form is keyed by the query its data was loaded for (not the address, which changes
  // first): it starts again from what the list shows once the list has loaded.
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setParams(addressOf(new FormData(event.currentTarget)));
  };
  const hrefWith = (next: URLSearchParams) => {
    const search = next.toString();
    return search ? `${pathname}?${search}` : pathname;
  };
  const hrefFor = (n: number) => {
    const next = new URLSearchParams(params);
    for (const key of PAGE_PARAMETERS) next.delete(key);
    if (n > 1) next.set("page", String(n));
    // The next page is read on from where this one ended (its cursor), as quickly at page 500 as
    // at page 2; any other page by its number.
    if (n === page.page + 1 && page.next) next.set(AFTER, page.next);
    return hrefWith(next);
  };
  // A view keeps the filters chosen; choosing one starts again at its first page.
  const viewHref = (id: string | null) => {
    const next = new URLSearchParams(params);
    for (const key of PAGE_PARAMETERS) next.delete(key);
    if (id) next.set("view", id);
    else next.delete("view");
    return hrefWith(next);
  };
  // Clearing the filters keeps the view and the order.
  const clearHref = () => {
    const next = new URLSearchParams(params);
    for (const key of [...narrowingParameters(form), ...PAGE_PARAMETERS]) next.delete(key);
    return hrefWith(next);
  };
  const noun = view ? `${view.title}: ` : "";
  const narrowed = narrowing(query, page.owners.length > 0);

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
      {permissions?.importLegacy ? (
        <p className="nhsuk-body">
          <Link to={`/c/${collection}/import`}>Import legacy cases</Link>
        </p>
      ) : null}
      <AwaitingActions collection={collection} form={form} />
      <CaseListViews views={page.views} current={page.view} hrefFor={viewHref} />
      {narrowed ? (
        <div className="nhsuk-inset-text">
          <p>
            {narrowed} <Link to={pathname}>Show all cases</Link>
          </p>
        </div>
      ) : null}
      <CaseListFilters form={form} query={query} sort={sort.value} choices={page} clearHref={filtered ? clearHref() : null} onSubmit={apply} key={query.toString()} />
      <p className="nhsuk-body nhsuk-u-font-weight-bold" role="status">
        {noun}
        {page.totalCapped ? `At least ${plural(page.total, "case")}` : plural(page.total, "case")}
        {filtered ? ` ${page.total === 1 ? "matches" : "match"} your search and filters` : ""}
      </p>
      {isPastTheEnd({ page: page.page, rows: page.items.length, total: page.total, totalPages }) ? (
        <PastTheEnd page={page.page} rows={0} total={page.total} totalPages={totalPages} what="cases" counted={!page.totalCapped} hrefFor={hrefFor} />
      ) : page.items.length === 0 ? (
        <p className="nhsuk-body">
          {filtered
            ? "No cases match your search and filters. Try changing or removing some of them."
            : view
              ? "No cases are in this view."
              : "No cases match: there are no cases for you to see yet."}
        </p>
      ) : (
        <CaseListResults
          records={page.items}
          form={form}
          forms={forms}
          collection={collection}
          showOwner={permissions?.seesManyOrganisations ?? false}
          caption={`${view ? `${view.title}, ` : "Cases, "}${sort.caption}${page.totalCapped ? ` (page ${page.page.toLocaleString("en-GB")})` : totalPages > 1 ? ` (page ${page.page} of ${totalPages})` : ""}`}
        />
      )}
      <Pagination page={page.page} totalPages={totalPages} hrefFor={hrefFor} />
    </>
  );
}
