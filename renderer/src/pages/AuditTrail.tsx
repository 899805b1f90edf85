/**
 * The audit trail, for the users the server lets see it: who signed in, looked at, changed or
 * extracted what, newest first, filtered by the page's address and paged with "Older entries".
 * Also "Who has seen this case", the same trail narrowed to one case, on the case's page.
 */
import { useState, type FormEvent } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { formatLongDate, isIsoDate } from "../../../engine/runtime/index.ts";
import { api, ApiError, type AuditItem } from "../api.ts";
import { dateParts, isoFromParts, type DateParts } from "../form/date-parts.ts";
import { useAsync } from "./data.ts";
import { formatDateTime } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { ErrorSummary, Icon, Loading, PageHeading, ScrollingTable, usePageTitle, useSession, type ErrorItem } from "./shared.tsx";

const TITLE = "Audit trail";
const PAGE_SIZE = 50;
/** Entries shown on a case's page; the rest are a link away. */
const CASE_ENTRIES = 20;
type Edge = "from" | "to";

/** The API's query for the page's address: its filters and place, as given (the server checks them). */
function apiQuery(params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  for (const key of ["user", "case", "from", "to", "before"]) {
    const value = params.get(key)?.trim();
    if (value) query.set(key, value);
  }
  for (const action of params.getAll("action")) if (action) query.append("action", action);
  return query;
}

/** The control a parameter the server refused is entered in (the error summary links to it). */
function targetOf(path: string | undefined, actions: string[]): string | undefined {
  switch (path) {
    case "/user":
      return "filter-user";
    case "/case":
      return "filter-case";
    case "/from":
    case "/to":
      return `filter-${path.slice(1)}-day`;
    case "/action":
      return actions[0] ? `filter-action-${actions[0]}` : undefined;
    default:
      return undefined;
  }
}

export function AuditTrail() {
  const { permissions } = useSession();
  const allowed = permissions?.viewAudit === true;
  const [params, setParams] = useSearchParams();
  const { pathname } = useLocation();
  const [problem, setProblem] = useState<{ item: ErrorItem; attempt: number } | null>(null);
  // Each page of entries keeps the address it was read for: while the next loads, what is
  // shown is still described by its own filters.
  const state = useAsync(async () => (allowed ? { shown: new URLSearchParams(params), body: await api.audit(apiQuery(params)) } : null), [allowed, params.toString()]);
  // The server refusing a filter is shown on this page, with the filters to correct it.
  const refused = state.status === "error" && state.error instanceof ApiError && state.error.status === 400 ? state.error : null;
  usePageTitle(!allowed || (state.status === "error" && !refused) ? null : TITLE, problem !== null || refused !== null);

  if (!allowed) return <NoAccess message="Only national users see the audit trail." />;
  if (state.status === "error" && !refused) return <ErrorView error={state.error} />;
  if (!state.data && !refused) return <Loading />;
  const actions = state.data?.body.actions ?? [];

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === "string" ? value.trim() : "";
    };
    const next = new URLSearchParams();
    for (const key of ["user", "case"]) if (text(key)) next.set(key, text(key));
    for (const action of data.getAll("action")) if (typeof action === "string") next.append("action", action);
    for (const edge of ["from", "to"] as const) {
      const iso = isoFromParts({ day: text(`${edge}-day`), month: text(`${edge}-month`), year: text(`${edge}-year`) });
      if (iso === undefined) continue;
      if (!isIsoDate(iso)) {
        const message = `${edge === "from" ? "From" : "To"} date must be a real date, like 21 11 2026`;
        setProblem((p) => ({ item: { text: message, target: `filter-${edge}-day` }, attempt: (p?.attempt ?? 0) + 1 }));
        return;
      }
      next.set(edge, iso);
    }
    setProblem(null);
    setParams(next);
  };

  const body = state.status === "error" ? null : (state.data?.body ?? null);
  const shown = state.data?.shown ?? params;
  const before = shown.get("before");
  const hrefWith = (change: (query: URLSearchParams) => void) => {
    const next = new URLSearchParams(shown);
    change(next);
    const search = next.toString();
    return search ? `${pathname}?${search}` : pathname;
  };
  const filtered = ["user", "case", "action", "from", "to"].some((k) => shown.get(k));
  // The summary takes focus again for each new refusal (a new ApiError) or failed check.
  const summary: { item: ErrorItem; attempt: unknown } | null =
    problem ?? (refused ? { item: { text: refused.message, ...withTarget(targetOf(refused.errors[0]?.path, actions.map((a) => a.code))) }, attempt: refused } : null);

  return (
    <>
      {summary ? <ErrorSummary items={[summary.item]} focusKey={summary.attempt} /> : null}
      <PageHeading>{TITLE}</PageHeading>
      <p className="nhsuk-body">
        Who signed in, looked at, added, changed or extracted what, and when, newest first. Entries cannot be changed or removed. They never hold the answers in a
        case.
      </p>
      <Filters params={params} actions={actions} onSubmit={apply} error={summary?.item.target} errorText={summary?.item.text} key={params.toString()} />
      {body ? (
        body.items.length === 0 ? (
          <p className="nhsuk-body" role="status">
            {filtered ? "No entries match these filters." : "The audit trail is empty."}
          </p>
        ) : (
          <AuditTable items={body.items} caption={`${before ? "Older audit entries" : "Audit entries"}, newest first${filtered ? ", filtered" : ""}`} />
        )
      ) : null}
      {body && (body.next !== null || before) ? (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Pagination">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {before ? (
              <li className="nhsuk-pagination-item--previous">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={hrefWith((q) => q.delete("before"))}>
                  <span className="nhsuk-pagination__title">Newest entries</span>
                  <Icon name="arrow-left" />
                </Link>
              </li>
            ) : null}
            {body.next !== null ? (
              <li className="nhsuk-pagination-item--next">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={hrefWith((q) => q.set("before", String(body.next)))} rel="next">
                  <span className="nhsuk-pagination__title">Older entries</span>
                  <Icon name="arrow-right" />
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

function withTarget(target: string | undefined): { target?: string } {
  return target ? { target } : {};
}

function Filters({
  params,
  actions,
  onSubmit,
  error,
  errorText,
}: {
  params: URLSearchParams;
  actions: { code: string; name: string }[];
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  /** The id of the control in error, if any, and what is wrong. */
  error: string | undefined;
  errorText: string | undefined;
}) {
  const chosen = new Set(params.getAll("action"));
  const fieldError = (target: string) => (error === target && errorText ? errorText : null);
  return (
    <form className="app-filters" method="get" noValidate onSubmit={onSubmit} aria-labelledby="filters-heading">
      <h2 className="nhsuk-heading-s" id="filters-heading">
        Filter the audit trail
      </h2>
      <div className="app-filters__row">
        <TextField id="filter-user" name="user" label="User" hint="Their username, like icb.lsc" value={params.get("user") ?? ""} error={fieldError("filter-user")} />
        <TextField id="filter-case" name="case" label="Case ID" hint="The case's record id, from its page's address" value={params.get("case") ?? ""} error={fieldError("filter-case")} />
      </div>
      <div className="app-filters__row">
        <DateBoxes edge="from" legend="From" hint="The first day to include, for example 1 10 2026 (UK time)" value={params.get("from")} error={fieldError("filter-from-day")} />
        <DateBoxes edge="to" legend="To" hint="The last day to include, for example 31 10 2026" value={params.get("to")} error={fieldError("filter-to-day")} />
      </div>
      {actions.length ? (
        <div className={`nhsuk-form-group${actions.some((a) => fieldError(`filter-action-${a.code}`)) ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby="filter-action-hint">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Actions</legend>
            <div className="nhsuk-hint" id="filter-action-hint">
              Choose none for every action
            </div>
            <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
              {actions.map((action) => (
                <div className="nhsuk-checkboxes__item" key={action.code}>
                  <input className="nhsuk-checkboxes__input" id={`filter-action-${action.code}`} name="action" type="checkbox" value={action.code} defaultChecked={chosen.has(action.code)} />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`filter-action-${action.code}`}>
                    {action.name}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      ) : null}
      <div className="nhsuk-button-group nhsuk-u-margin-bottom-0">
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Apply filters
        </button>
        <Link className="nhsuk-link" to="/audit">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

function ErrorMessage({ id, children }: { id: string; children: string }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {children}
    </span>
  );
}

function TextField({ id, name, label, hint, value, error }: { id: string; name: string; label: string; hint: string; value: string; error: string | null }) {
  return (
    <div className={`nhsuk-form-group app-filters__field${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <div className="nhsuk-hint" id={`${id}-hint`}>
        {hint}
      </div>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`nhsuk-input nhsuk-input--width-20${error ? " nhsuk-input--error" : ""}`}
        id={id}
        name={name}
        type="text"
        spellCheck={false}
        autoComplete="off"
        defaultValue={value}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
      />
    </div>
  );
}

const BOXES: { name: keyof DateParts; label: string; width: string }[] = [
  { name: "day", label: "Day", width: "nhsuk-input--width-2" },
  { name: "month", label: "Month", width: "nhsuk-input--width-2" },
  { name: "year", label: "Year", width: "nhsuk-input--width-4" },
];

/** The NHS date input, boxes filter-<edge>-day, -month and -year, filled from the address's day. */
function DateBoxes({ edge, legend, hint, value, error }: { edge: Edge; legend: string; hint: string; value: string | null; error: string | null }) {
  const id = `filter-${edge}`;
  // An instant in the address (from the API's own vocabulary) is not a day the boxes can show.
  const parts = value && isIsoDate(value) ? dateParts(value) : { day: "", month: "", year: "" };
  return (
    <div className={`nhsuk-form-group app-filters__field${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        <div className="nhsuk-date-input" id={id}>
          {BOXES.map((box) => (
            <div className="nhsuk-date-input__item" key={box.name}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${box.name}`}>
                  {box.label}
                </label>
                <input
                  className={`nhsuk-input nhsuk-date-input__input ${box.width}${error ? " nhsuk-input--error" : ""}`}
                  id={`${id}-${box.name}`}
                  name={`${edge}-${box.name}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  defaultValue={parts[box.name]}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** The account that acted, or the name an unknown person gave. */
function who(item: AuditItem): string {
  return item.user ? `${item.user.displayName} (${item.user.username})` : `${item.actor} (no account)`;
}

const DETAIL_WORDS: Record<string, string> = {
  items: "Items changed",
  owner: "Owner",
  revision: "Revision",
  version: "Version",
  asAt: "As at",
  quarter: "Quarter",
  format: "Format",
  scope: "Scope",
  rows: "Rows",
  region: "Region",
  method: "Sign-in method",
  reason: "Reason",
  imported: "Imported",
  alreadyImported: "Already imported",
};
/** Details that say nothing a person reads here: the action's words already say an import is one. */
const UNSHOWN = new Set(["import", "extractId"]);

function detailValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (value && typeof value === "object" && "from" in value && "to" in value) return `${String(value.from)} to ${String(value.to)}`;
  if (typeof value === "string" && isIsoDate(value)) return formatLongDate(value);
  if (typeof value === "number") return value.toLocaleString("en-GB");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** An entry's details (ids, codes and counts) as short phrases. */
export function detailPhrases(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .filter(([key, value]) => value !== null && value !== undefined && !UNSHOWN.has(key))
    .map(([key, value]) => `${DETAIL_WORDS[key] ?? key}: ${detailValue(value)}`);
}

function CaseLink({ item }: { item: AuditItem }) {
  if (!item.recordId) return null;
  // Ids are long: the first characters are shown, the whole id is read out.
  return (
    <Link to={`/c/${item.collection ?? ""}/${item.recordId}`}>
      <span aria-hidden="true">{item.recordId.slice(0, 8)}…</span>
      <span className="nhsuk-u-visually-hidden">Case {item.recordId}</span>
    </Link>
  );
}

function AuditTable({ items, caption }: { items: AuditItem[]; caption: string }) {
  return (
    <ScrollingTable id="audit" caption={caption} headings={["When", "Who", "Organisation", "Action", "Case", "Details", "IP address"]}>
      {items.map((item) => (
        <tr className="nhsuk-table__row" key={item.seq}>
          <td className="nhsuk-table__cell">{formatDateTime(item.at)}</td>
          <td className="nhsuk-table__cell">{who(item)}</td>
          <td className="nhsuk-table__cell">{item.user?.organisation.name ?? ""}</td>
          <td className="nhsuk-table__cell">{item.actionName}</td>
          <td className="nhsuk-table__cell">
            <CaseLink item={item} />
          </td>
          <td className="nhsuk-table__cell">
            {detailPhrases(item.details).map((phrase) => (
              <span className="app-nowrap" key={phrase}>
                {phrase}
                <br />
              </span>
            ))}
          </td>
          <td className="nhsuk-table__cell">{item.ip ?? ""}</td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

/**
 * "Who has seen this case": the case's own entries (views, history views, changes), newest
 * first. The case page shows it only when the server says the user may see the trail.
 */
export function CaseAudit({ collection, id }: { collection: string; id: string }) {
  const state = useAsync(() => api.audit(new URLSearchParams({ case: id, collection, pageSize: String(CASE_ENTRIES) })), [collection, id]);
  return (
    <section aria-labelledby="case-audit-heading">
      <h2 className="nhsuk-heading-m" id="case-audit-heading">
        Who has seen this case
      </h2>
      {state.status === "error" ? (
        <p className="nhsuk-body">{state.error instanceof ApiError ? state.error.message : "The audit trail could not be read. Try again later."}</p>
      ) : !state.data ? (
        <Loading what="Reading the audit trail" />
      ) : state.data.items.length === 0 ? (
        <p className="nhsuk-body">Nobody has viewed or changed this case since the audit trail began.</p>
      ) : (
        <div className="nhsuk-table-container">
          <table className="nhsuk-table nhsuk-u-font-size-16">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">
              {state.data.next === null ? "Everyone who viewed or changed this case" : `The latest ${CASE_ENTRIES} views and changes`}, newest first
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {["When", "Who", "Organisation", "Action"].map((heading) => (
                  <th className="nhsuk-table__header" scope="col" key={heading}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {state.data.items.map((item) => (
                <tr className="nhsuk-table__row" key={item.seq}>
                  <td className="nhsuk-table__cell">{formatDateTime(item.at)}</td>
                  <td className="nhsuk-table__cell">{who(item)}</td>
                  <td className="nhsuk-table__cell">{item.user?.organisation.name ?? ""}</td>
                  <td className="nhsuk-table__cell">{item.actionName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="nhsuk-body">
        <Link to={`/audit?case=${encodeURIComponent(id)}`}>See this case in the audit trail</Link>
      </p>
    </section>
  );
}
