/**
 * The assurance dashboard, and its printed form: the quarterly report for one region (or ICB,
 * or England) that goes to the Regional Safeguarding Partnership Groups. Every figure comes from
 * the server, which decides the caller's scope; the page only shows it. Each chart has its
 * figures beside it in a table, so nothing depends on seeing the picture or telling colours apart.
 */
import type { FormEvent, ReactNode } from "react";
import { useEffect, useMemo } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, ApiError, type DashboardBody } from "../api.ts";
import { Chart } from "../charts/Chart.tsx";
import * as Plot from "@observablehq/plot";
import { formatLongDate } from "../../../engine/runtime/index.ts";
import { loadCollection, useAsync } from "./data.ts";
import { plural } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { Loading, PageHeading, SelectField, usePageTitle, useSession } from "./shared.tsx";

/** Only the parameters the API knows travel from the page's address to it. */
function apiQuery(params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ["quarter", "region", "owner"]) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  return query;
}

const percent = (count: number, total: number) => (total === 0 ? "0%" : `${Math.round((count / total) * 100)}%`);

export function Dashboard() {
  const { collection = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const { permissions } = useSession();
  const state = useAsync(async () => {
    const [{ current }, body] = await Promise.all([loadCollection(collection), api.dashboard(collection, apiQuery(params))]);
    return { title: current.collection.title, body };
  }, [collection, params.toString()]);
  const preparing = state.status === "error" && state.error instanceof ApiError && state.error.code === "preparing";
  usePageTitle(state.status === "error" && !preparing ? null : "Assurance dashboard");
  // A first reading of a large collection: try again shortly, showing how far it has got.
  useEffect(() => {
    if (!preparing) return;
    const timer = setTimeout(state.reload, 5000);
    return () => clearTimeout(timer);
  }, [preparing, state]);

  if (!permissions?.analyse) return <NoAccess message="The dashboard shows case records; standards admins manage definitions." />;
  if (preparing) return <Preparing error={state.error as ApiError} />;
  if (state.status === "error") return <ErrorView error={state.error} what="Dashboard" />;
  if (!state.data) return <Loading what="Counting cases" />;
  const { body, title } = state.data;

  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) if (typeof value === "string" && value) next.set(key, value);
    setParams(next);
  };
  return (
    <div className="app-dashboard">
      <PageHeading caption={title}>Assurance dashboard: {body.scope.name}</PageHeading>
      <p className="nhsuk-body-l">
        Cases {body.asAt === body.period.end && isCurrent(body) ? `as they stand today, ${formatLongDate(body.asAt)}` : `as they stood at the end of ${formatLongDate(body.asAt)}`} ({quarterName(body)}).
      </p>
      <Choices body={body} params={params} onSubmit={choose} key={params.toString()} />
      <p className="app-no-print">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </p>
      <Summary body={body} />
      <Trend body={body} />
      {body.items.map((item) => (
        <Breakdown key={item.key} body={body} itemKey={item.key} />
      ))}
      <Owners body={body} />
      <Progress body={body} />
      <Quality body={body} collection={collection} />
    </div>
  );
}

function isCurrent(body: DashboardBody): boolean {
  return body.quarters[0]?.id === body.quarter;
}

function quarterName(body: DashboardBody): string {
  return body.quarters.find((q) => q.id === body.quarter)?.label ?? body.quarter;
}

function Preparing({ error }: { error: ApiError }) {
  const progress = error.body.progress as { done: number; total: number } | undefined;
  return (
    <>
      <PageHeading>Assurance dashboard</PageHeading>
      <div className="nhsuk-inset-text">
        <p role="status">
          The dashboard is reading the cases for the first time since the tracker started
          {progress && progress.total > 0 ? `: ${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")} read (${percent(progress.done, progress.total)})` : ""}. This page will update
          by itself.
        </p>
      </div>
    </>
  );
}

function Choices({ body, params, onSubmit }: { body: DashboardBody; params: URLSearchParams; onSubmit(event: FormEvent<HTMLFormElement>): void }) {
  const { regions, owners } = body.narrowBy;
  return (
    <form className="app-filters app-no-print" method="get" noValidate onSubmit={onSubmit} aria-labelledby="choices-heading">
      <h2 className="nhsuk-heading-s" id="choices-heading">
        Choose the figures
      </h2>
      <div className="app-filters__row">
        <SelectField id="choose-quarter" name="quarter" label="Quarter" value={params.get("quarter") ?? body.quarter} options={body.quarters.map((q) => ({ value: q.id, label: q.label }))} />
        {regions.length ? (
          <SelectField id="choose-region" name="region" label="Region" value={params.get("region") ?? ""} any="All of England" options={regions.map((r) => ({ value: r.code, label: r.name }))} />
        ) : null}
        {owners.length ? (
          <SelectField id="choose-owner" name="owner" label="Organisation" value={params.get("owner") ?? ""} any="All organisations" options={owners.map((o) => ({ value: o.code, label: o.name }))} />
        ) : null}
        <div className="nhsuk-form-group app-filters__field app-filters__submit">
          <button className="nhsuk-button nhsuk-u-margin-bottom-0" type="submit">
            Show figures
          </button>
        </div>
      </div>
    </form>
  );
}

function Summary({ body }: { body: DashboardBody }) {
  const figures = [
    { label: "Open at the end of the period", value: body.open },
    { label: `Opened from ${formatLongDate(body.period.start)}`, value: body.openedInPeriod },
    { label: `Closed from ${formatLongDate(body.period.start)}`, value: body.closedInPeriod },
    { label: "Cases in total", value: body.total },
  ];
  return (
    <section className="app-section" aria-labelledby="summary-heading">
      <h2 id="summary-heading">At a glance</h2>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {figures.map((f) => (
          <li className="nhsuk-grid-column-one-quarter nhsuk-card-group__item" key={f.label}>
            <div className="nhsuk-card">
              <div className="nhsuk-card__content">
                <p className="app-figure">{f.value.toLocaleString("en-GB")}</p>
                <p className="nhsuk-card__description">{f.label}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Trend({ body }: { body: DashboardBody }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const name = (quarter: string) => quarter.replace(/^(\d{4})-\d{2}-/, "$1 ");
    const open = body.trend.map((t) => ({ quarter: name(t.quarter), count: t.open, series: "Open at quarter end" }));
    const opened = body.trend.map((t) => ({ quarter: name(t.quarter), count: t.opened, series: "New in quarter" }));
    return {
      height: 260,
      marginLeft: 48,
      marginRight: 24,
      x: { type: "point", label: null, domain: open.map((r) => r.quarter), inset: 24 },
      y: { grid: true, label: "Cases", zero: true },
      marks: [
        Plot.line(open, { x: "quarter", y: "count", stroke: "#005eb8", strokeWidth: 2 }),
        Plot.dot(open, { x: "quarter", y: "count", fill: "#005eb8", r: 4 }),
        Plot.line(opened, { x: "quarter", y: "count", stroke: "#212b32", strokeWidth: 2, strokeDasharray: "6,4" }),
        Plot.dot(opened, { x: "quarter", y: "count", symbol: "cross", fill: "#212b32", r: 5 }),
        Plot.text([...open, ...opened], Plot.selectLast({ x: "quarter", y: "count", z: "series", text: "series", textAnchor: "end", dy: -12, fill: "#212b32" })),
      ],
    };
  }, [body]);
  return (
    <section className="app-section" aria-labelledby="trend-heading">
      <h2 id="trend-heading">Open and new cases over eight quarters</h2>
      <figure className="app-figure-chart">
        <Chart label="Line chart of open and new cases for each of the last eight quarters; the figures are in the table that follows." options={options} />
        <figcaption className="nhsuk-body-s">Solid line and circles: open at quarter end. Dashed line and crosses: new in the quarter.</figcaption>
      </figure>
      <FiguresTable
        caption="Open and new cases by quarter"
        columns={[{ label: "Quarter" }, { label: "Open at quarter end", numeric: true }, { label: "New in quarter", numeric: true }]}
        rows={body.trend.map((t) => ({ key: t.quarter, cells: [body.quarters.find((q) => q.id === t.quarter)?.label ?? t.quarter, t.open, t.opened] }))}
      />
    </section>
  );
}

function Breakdown({ body, itemKey }: { body: DashboardBody; itemKey: string }) {
  const item = body.items.find((i) => i.key === itemKey)!;
  const counts = body.byItem[itemKey] ?? [];
  const options = useMemo<Plot.PlotOptions>(() => {
    const shown = counts.filter((c) => c.count > 0);
    return {
      height: 40 + Math.max(1, shown.length) * 28,
      marginLeft: 340,
      marginRight: 40,
      x: { grid: true, label: "Cases", zero: true },
      y: { label: null, domain: shown.map((c) => c.label) },
      marks: [
        Plot.barX(shown, { x: "count", y: "label", fill: "#005eb8" }),
        Plot.text(shown, { x: "count", y: "label", text: (d: { count: number }) => String(d.count), textAnchor: "start", dx: 4, fill: "#212b32" }),
        Plot.ruleX([0]),
      ],
    };
  }, [counts]);
  const id = `item-${itemKey}`;
  return (
    <section className="app-section" aria-labelledby={id}>
      <h2 id={id}>{item.label}</h2>
      {item.multiple ? (
        <div className="nhsuk-inset-text">
          <p>A case counts once for each {item.label.toLowerCase()} it has, so the percentages add up to more than 100%.</p>
        </div>
      ) : null}
      {body.total > 0 ? (
        <figure className="app-figure-chart">
          <Chart label={`Bar chart of cases by ${item.label.toLowerCase()}; the figures are in the table that follows.`} options={options} />
        </figure>
      ) : null}
      <FiguresTable
        caption={`Cases by ${item.label.toLowerCase()}`}
        columns={[{ label: item.label }, { label: "Cases", numeric: true }, { label: `Percentage of ${plural(body.total, "case")}`, numeric: true }]}
        rows={counts.map((c) => ({ key: c.code, cells: [c.label, c.count, percent(c.count, body.total)] }))}
      />
    </section>
  );
}

function Owners({ body }: { body: DashboardBody }) {
  const showRegions = body.narrowBy.regions.length > 0 && body.byRegion.length > 0;
  const showOwners = body.narrowBy.owners.length > 0 && body.byOwner.length > 0;
  if (!showRegions && !showOwners) return null;
  return (
    <section className="app-section" aria-labelledby="owners-heading">
      <h2 id="owners-heading">By region and organisation</h2>
      {showRegions ? (
        <FiguresTable
          caption="Cases by NHS England region"
          columns={[{ label: "Region" }, { label: "Cases", numeric: true }, { label: "Open", numeric: true }]}
          rows={body.byRegion.map((r) => ({ key: r.code, cells: [r.name, r.total, r.open] }))}
        />
      ) : null}
      {showOwners ? (
        <FiguresTable
          caption="Cases by organisation, as each case's owner stood on the day"
          columns={[{ label: "Organisation" }, { label: "Region" }, { label: "Cases", numeric: true }, { label: "Open", numeric: true }]}
          rows={body.byOwner.map((o) => ({ key: o.org, cells: [`${o.name} (${o.org})`, o.regionName ?? "Not known", o.total, o.open] }))}
        />
      ) : null}
    </section>
  );
}

interface Column {
  label: string;
  numeric?: boolean;
}

/** A table of figures: its first cell of each row is the row's header. */
function FiguresTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: { key: string; cells: ReactNode[] }[] }) {
  const numeric = (i: number) => columns[i]?.numeric === true;
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr>
          {columns.map((c, i) => (
            <th scope="col" key={c.label} className={numeric(i) ? "nhsuk-table__header--numeric" : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <th scope="row" key={i}>
                  {cell}
                </th>
              ) : (
                <td key={i} className={numeric(i) ? "nhsuk-table__cell--numeric" : undefined}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

function Progress({ body }: { body: DashboardBody }) {
  const p = body.progress;
  return (
    <section className="app-section" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <dl className="nhsuk-summary-list">
        {p.durations.map((d) => (
          <SummaryRow key={d.id} label={`${d.label} (median)`}>
            {d.median === null ? "No cases have both dates yet" : `${d.median.toLocaleString("en-GB")} days, over ${plural(d.count, "case")}`}
          </SummaryRow>
        ))}
        <SummaryRow label="Open cases older than 6 months">{p.openOlderThan6Months}</SummaryRow>
        <SummaryRow label="Open cases older than 12 months">{p.openOlderThan12Months}</SummaryRow>
        <SummaryRow label="Open cases with no update in the last 90 days">{p.openWithoutUpdate90Days}</SummaryRow>
        {p.outstanding.map((o) => (
          <SummaryRow key={o.id} label={o.label}>
            {o.count}
          </SummaryRow>
        ))}
      </dl>
    </section>
  );
}

/** A data-quality count with a link to those cases in the case list (as they are today). */
function QualityRow({ label, count, to, link }: { label: string; count: number; to: string; link: string }) {
  return (
    <SummaryRow label={label}>
      {count}
      {count > 0 ? (
        <>
          {" "}
          <Link className="app-no-print" to={to}>
            {link}
            <span className="nhsuk-u-visually-hidden"> as they are today</span>
          </Link>
        </>
      ) : null}
    </SummaryRow>
  );
}

function Quality({ body, collection }: { body: DashboardBody; collection: string }) {
  const listOf = (filter: string) => `/c/${collection}?${filter}${body.scope.level === "organisation" && body.scope.code ? `&owner=${body.scope.code}` : ""}`;
  return (
    <section className="app-section" aria-labelledby="quality-heading">
      <h2 id="quality-heading">Data quality</h2>
      <dl className="nhsuk-summary-list">
        <QualityRow label="Incomplete records (not meeting every rule of the current version)" count={body.quality.incomplete} to={listOf("complete=no")} link="View the incomplete cases" />
        <QualityRow label="Records flagged for review" count={body.quality.flagged} to={listOf("flagged=yes")} link="View the flagged cases" />
      </dl>
    </section>
  );
}
