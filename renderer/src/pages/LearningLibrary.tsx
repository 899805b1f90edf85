/**
 * The learning library: search the texts a collection's `learning` section names across every
 * case the user may see, narrowed by its filter items, a region and the quarter signed off.
 * The search lives in the URL; items, labels and choices come from the compiled form, regions
 * and quarters from the server. Passages arrive as plain-text segments: matches are marked
 * with <mark>, and nothing in a passage is ever treated as markup.
 */
import type { FormEvent } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import type { CompiledForm, CompiledItem, CompiledLearning } from "../../../engine/runtime/index.ts";
import { api, type LearningHit, type LearningPage } from "../api.ts";
import { HOME_COLLECTION } from "./collections.ts";
import { loadCollection, useAsync } from "./data.ts";
import { itemOf, labelOf, plural } from "./format.ts";
import { ErrorView } from "./Problems.tsx";
import { choiceOptions, InsetText, Loading, PageHeading, Pagination, PastTheEnd, SelectField, usePageTitle } from "./shared.tsx";

const PAGE_SIZE = 20;

function filterItems(form: CompiledForm, learning: CompiledLearning): CompiledItem[] {
  return learning.filters.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i !== undefined && !!i.choices);
}

/** The parameters the page passes on from its URL: the search's own, nothing else. */
function apiQuery(form: CompiledForm, learning: CompiledLearning, params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  const page = Number(params.get("page") ?? "1");
  if (Number.isInteger(page) && page > 1) query.set("page", String(page));
  for (const key of ["q", "region", ...(learning.signedOff ? ["quarter"] : []), ...filterItems(form, learning).map((i) => i.key)]) {
    const value = params.get(key)?.trim();
    if (value) query.set(key, value);
  }
  return query;
}

export function LearningLibrary() {
  const { collection = HOME_COLLECTION } = useParams();
  const [params, setParams] = useSearchParams();
  const { pathname } = useLocation();
  const state = useAsync(async () => {
    const { current, summary } = await loadCollection(collection);
    const learning = current.collection.learning;
    if (!learning) return { form: current, title: summary.title, learning: null, page: null, query: null };
    const query = apiQuery(current, learning, params);
    return { form: current, title: summary.title, learning, query, page: await api.learning(collection, query) };
  }, [collection, params.toString()]);
  usePageTitle(state.status === "error" ? null : params.get("q") ? `${params.get("q")} - Learning library` : "Learning library");

  if (state.status === "error" && !state.data) return <ErrorView error={state.error} what="Learning library" />;
  if (!state.data) return <Loading />;
  const { form, title, learning, page, query } = state.data;
  if (!learning || !page || !query) {
    return (
      <>
        <PageHeading>Learning library</PageHeading>
        <p className="nhsuk-body">{title} has no learning library: its definition names no texts to search.</p>
      </>
    );
  }

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") next.set(key, value.trim());
    }
    setParams(next);
  };
  const hrefFor = (n: number) => {
    const next = new URLSearchParams(params);
    if (n === 1) next.delete("page");
    else next.set("page", String(n));
    return `${pathname}?${next.toString()}`;
  };
  const totalPages = Math.max(1, Math.ceil(page.total / page.pageSize));

  return (
    <>
      <PageHeading>Learning library</PageHeading>
      <p className="nhsuk-body">
        Search the {learning.items.map((k) => labelOf(form, k).toLowerCase()).join(", ")} of every case you can see.
      </p>
      <SearchForm form={form} learning={learning} page={page} query={query} onSubmit={apply} key={params.toString()} />
      {state.status === "error" ? <ErrorView error={state.error} what="Search" /> : null}
      <p className="nhsuk-body nhsuk-u-font-weight-bold" role="status">
        {page.message ?? summary(page)}
      </p>
      {page.totalCapped ? <InsetText>Showing the best matches among the 10,000 most recently written passages. Add words or filters to narrow the search.</InsetText> : null}
      {page.items.length > 0 ? (
        <ol className="nhsuk-list app-learning-results" start={(page.page - 1) * page.pageSize + 1} aria-label="Search results">
          {page.items.map((hit) => (
            <Result hit={hit} form={form} collection={collection} key={`${hit.recordId}:${hit.item}`} />
          ))}
        </ol>
      ) : null}
      <PastTheEnd page={page.page} rows={page.items.length} total={page.total} totalPages={totalPages} what="passages" counted={!page.totalCapped} hrefFor={hrefFor} />
      <Pagination page={page.page} totalPages={totalPages} hrefFor={hrefFor} />
    </>
  );
}

function summary(page: LearningPage): string {
  if (page.total === 0) return "No passages match your search. Try other words, or fewer filters.";
  return `${page.totalCapped ? "More than " : ""}${plural(page.total, "passage")} ${page.total === 1 && !page.totalCapped ? "matches" : "match"} your search`;
}

function SearchForm({
  form,
  learning,
  page,
  query,
  onSubmit,
}: {
  form: CompiledForm;
  learning: CompiledLearning;
  page: LearningPage;
  query: URLSearchParams;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
}) {
  const signedOff = learning.signedOff ? itemOf(form, learning.signedOff) : undefined;
  return (
    <form className="app-filters" method="get" role="search" noValidate onSubmit={onSubmit} aria-label="Search the learning library">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--s" htmlFor="learning-q">
          Words to search for
        </label>
        <div className="nhsuk-hint" id="learning-q-hint">
          Every word must appear. Put words in double quotes to find them together, like "missed appointments".
        </div>
        <input className="nhsuk-input nhsuk-u-width-two-thirds" id="learning-q" name="q" type="search" defaultValue={query.get("q") ?? ""} aria-describedby="learning-q-hint" maxLength={500} />
      </div>
      <div className="app-filters__row">
        {filterItems(form, learning).map((item) => (
          <SelectField key={item.key} id={`learning-${item.key}`} name={item.key} label={item.label} value={query.get(item.key) ?? ""} any="Any" options={choiceOptions(form.choiceLists[item.choices!]?.choices)} />
        ))}
        {page.regions.length > 1 ? (
          <SelectField id="learning-region" name="region" label="Region" value={query.get("region") ?? ""} any="Any" options={page.regions.map((r) => ({ value: r.code, label: r.name }))} />
        ) : null}
        {signedOff && page.quarters.length ? (
          <SelectField id="learning-quarter" name="quarter" label={`${signedOff.label} (quarter)`} value={query.get("quarter") ?? ""} any="Any" options={page.quarters.map((q) => ({ value: q, label: quarterLabel(q) }))} />
        ) : null}
      </div>
      <button className="nhsuk-button nhsuk-u-margin-bottom-0" type="submit">
        Search
      </button>
    </form>
  );
}

const QUARTER_MONTHS = ["April to June", "July to September", "October to December", "January to March"];

/** "2026-27-Q2" as "2026-27 Q2 (July to September)". */
function quarterLabel(id: string): string {
  const m = /^(\d{4}-\d{2})-Q([1-4])$/.exec(id);
  return m ? `${m[1]} Q${m[2]} (${QUARTER_MONTHS[Number(m[2]) - 1]})` : id;
}

function Result({ hit, form, collection }: { hit: LearningHit; form: CompiledForm; collection: string }) {
  const facts = filterItems(form, form.collection.learning!)
    .map((item) => ({ item, labels: (hit.filters[item.key] ?? []).map((code) => form.choiceLists[item.choices!]?.choices.find((c) => c.code === code)?.label ?? code) }))
    .filter((f) => f.labels.length > 0);
  return (
    <li className="app-learning-result">
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        <Link to={`/c/${collection}/${hit.recordId}`}>{hit.title ?? "Case without an identifier"}</Link>
      </h2>
      <dl className="app-learning-facts nhsuk-body-s">
        {facts.map((f) => (
          <div key={f.item.key}>
            <dt>{f.item.label}</dt>
            <dd>{f.labels.join(", ")}</dd>
          </div>
        ))}
        <div>
          <dt>{form.ownerOrganisationType.toUpperCase()}</dt>
          <dd>
            {hit.owner.name} ({hit.owner.code})
          </dd>
        </div>
        {hit.region ? (
          <div>
            <dt>Region</dt>
            <dd>{hit.region.name}</dd>
          </div>
        ) : null}
      </dl>
      <p className="nhsuk-body nhsuk-u-margin-bottom-1 nhsuk-u-font-weight-bold">{hit.itemLabel}</p>
      <p className="nhsuk-body app-learning-passage">
        {hit.passage.map((segment, i) => (segment.match ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
      </p>
    </li>
  );
}
