/**
 * "Download an extract": a collection, a quarter or an as-at day, and a format. The server
 * checks the choice first (so a refusal shows here, in the error summary), then the browser
 * goes to the download's address itself: the file streams to disk with the session cookie,
 * never held in the page's memory.
 */
import { Fragment, useState, type FormEvent, type ReactNode } from "react";
import { formatLongDate, todayInLondon } from "../../../engine/runtime/index.ts";
import { api, ApiError, dictionaryUrl, extractUrl, type CollectionSummary, type ReadScope } from "../api.ts";
import { isoFromParts, type DateParts } from "../form/date-parts.ts";
import { asAtProblem, quarterLabel, recentQuarters } from "./as-at.ts";
import { loadCollections, useAsync } from "./data.ts";
import { HOME_COLLECTION } from "./collections.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { ErrorSummary, Loading, PageHeading, usePageTitle, useSession } from "./shared.tsx";

const TITLE = "Download an extract";
type When = "quarter" | "day";
type Format = "csv" | "xlsx";
/** The control a problem is about (the error summary links to it), or null for the whole request. */
type Field = "collection" | "quarter" | "day" | null;

interface Problem {
  field: Field;
  text: string;
  /** Changes on every failed attempt, so the summary takes focus again. */
  attempt: number;
}

/** Whose cases the extract holds, as the server states the user's scope. */
export function scopeText(scope: ReadScope, organisation: string): string {
  switch (scope) {
    case "icb":
      return `your ICB's cases (${organisation})`;
    case "region":
      return `your region's cases (${organisation})`;
    case "all":
      return "every case in England";
  }
}

export function Extract() {
  const { permissions } = useSession();
  // Only collections with a published version have columns to extract in.
  const state = useAsync(async () => (await loadCollections()).filter((c) => c.currentVersion !== null), []);
  // The form sets the title once shown (with "Error: " when it shows one); a parent's effect would override it.
  usePageTitle(state.status === "loading" && permissions?.analyse ? TITLE : null);

  if (!permissions?.analyse || permissions.readScope === null) return <NoAccess message="Your role does not give you access to case records, so you cannot download extracts." />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  return <ExtractForm collections={state.data} scope={permissions.readScope} />;
}

function ExtractForm({ collections, scope }: { collections: CollectionSummary[]; scope: ReadScope }) {
  const { user, setSession } = useSession();
  // Fixed for the page's life, so the list of quarters does not change under the user at midnight.
  const [today] = useState(() => todayInLondon());
  const quarters = recentQuarters(today);
  const [collection, setCollection] = useState(() => (collections.some((c) => c.id === HOME_COLLECTION) ? HOME_COLLECTION : (collections[0]?.id ?? "")));
  const [when, setWhen] = useState<When>("quarter");
  const [quarter, setQuarter] = useState(quarters[0]!.id);
  const [day, setDay] = useState<DateParts>({ day: "", month: "", year: "" });
  const [format, setFormat] = useState<Format>("csv");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  usePageTitle(TITLE, problem !== null);

  const fail = (field: Field, text: string) => {
    setStarted(null);
    setProblem((p) => ({ field, text, attempt: (p?.attempt ?? 0) + 1 }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const query = new URLSearchParams();
    if (when === "quarter") query.set("quarter", quarter);
    else {
      const wrong = asAtProblem(day, todayInLondon());
      if (wrong) return fail("day", wrong);
      query.set("asAt", isoFromParts(day)!);
    }
    query.set("format", format);
    setBusy(true);
    try {
      const checked = await api.checkExtract(collection, query);
      const title = collections.find((c) => c.id === collection)?.title ?? collection;
      const moment = checked.quarter ? `${quarterLabel(checked.quarter)}, as at ${formatLongDate(checked.asAt)}` : `as at ${formatLongDate(checked.asAt)}`;
      setProblem(null);
      setStarted(`Your ${format === "xlsx" ? "Excel (XLSX)" : "CSV"} extract of ${title}, ${moment}, is downloading.`);
      window.location.assign(extractUrl(collection, query));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setSession(null);
      if (e instanceof ApiError) fail(e.status === 400 ? when : e.status === 404 || e.status === 409 ? "collection" : null, e.message);
      else fail(null, "The extract could not be started. Try again.");
    } finally {
      setBusy(false);
    }
  };

  const error = (field: Field) => (problem?.field === field ? problem.text : null);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {problem ? <ErrorSummary items={[{ text: problem.text, ...(problem.field ? { target: targetOf(problem.field) } : {}) }]} focusKey={problem.attempt} /> : null}
        <PageHeading>{TITLE}</PageHeading>
        <p className="nhsuk-body">
          An extract is a file of {scopeText(scope, user?.organisation.name ?? "")}, one row for each case you may see, as it stood at the end of the day
          you choose (UK time). A past quarter shows its last day; the current quarter shows today so far.
        </p>
        <p className="nhsuk-body">
          Its columns are those of the current version of the form, whichever version a case was saved under. The data dictionary describes each column, its
          codes and its rules. Every extract is recorded: who made it, when, and what it held.
        </p>
        {/* Present from the start, so that screen readers announce what appears in it. */}
        <div role="status">
          {started ? (
            <div className="nhsuk-inset-text">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>{started}</p>
            </div>
          ) : null}
        </div>
        <form noValidate onSubmit={submit}>
          <SelectGroup id="collection" label="Collection" error={error("collection")} value={collection} onChange={setCollection}>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </SelectGroup>
          <WhenChoice
            when={when}
            onWhen={setWhen}
            quarter={
              <SelectGroup id="quarter" label="Quarter" error={error("quarter")} value={quarter} onChange={setQuarter}>
                {quarters.map((q, i) => (
                  <option key={q.id} value={q.id}>
                    {q.label}
                    {i === 0 ? ", so far" : ""}
                  </option>
                ))}
              </SelectGroup>
            }
            day={<DateInput id="as-at" legend="As-at date" hint="For example, 30 9 2026" value={day} onChange={setDay} error={error("day")} />}
          />
          <FormatChoice format={format} onFormat={setFormat} />
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Download extract
          </button>
        </form>
        <p className="nhsuk-body">
          <a href={dictionaryUrl(collection)}>Download the data dictionary (CSV)</a>
        </p>
      </div>
    </div>
  );
}

/** The id of the control the error summary's link moves focus to. */
function targetOf(field: NonNullable<Field>): string {
  return field === "day" ? "as-at-day" : field;
}

function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {children}
    </span>
  );
}

function SelectGroup({ id, label, error, value, onChange, children }: { id: string; label: string; error: string | null; value: string; onChange(value: string): void; children: ReactNode }) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={id}
        name={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
    </div>
  );
}

interface RadioOption<T extends string> {
  value: T;
  label: string;
  hint: string;
  /** Shown beneath the option while it is chosen (the NHS conditional reveal). */
  reveal?: ReactNode;
}

function Radios<T extends string>({ name, legend, options, value, onChange }: { name: string; legend: string; options: RadioOption<T>[]; value: T; onChange(value: T): void }) {
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div className={`nhsuk-radios${options.some((o) => o.reveal) ? " nhsuk-radios--conditional" : ""}`}>
          {options.map((option) => {
            const id = `${name}-${option.value}`;
            return (
              <Fragment key={option.value}>
                <div className="nhsuk-radios__item">
                  <input
                    className="nhsuk-radios__input"
                    id={id}
                    name={name}
                    type="radio"
                    value={option.value}
                    checked={value === option.value}
                    onChange={() => onChange(option.value)}
                    aria-describedby={`${id}-hint`}
                    aria-controls={option.reveal ? `${id}-conditional` : undefined}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                    {option.label}
                  </label>
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                    {option.hint}
                  </div>
                </div>
                {option.reveal ? (
                  <div className={`nhsuk-radios__conditional${value === option.value ? "" : " nhsuk-radios__conditional--hidden"}`} id={`${id}-conditional`}>
                    {option.reveal}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function WhenChoice({ when, onWhen, quarter, day }: { when: When; onWhen(when: When): void; quarter: ReactNode; day: ReactNode }) {
  return (
    <Radios<When>
      name="when"
      legend="What should the extract show?"
      value={when}
      onChange={onWhen}
      options={[
        { value: "quarter", label: "A quarter", hint: "Cases as they stood at the end of the quarter (NHS financial year)", reveal: quarter },
        { value: "day", label: "A particular day", hint: "Cases as they stood at the end of that day", reveal: day },
      ]}
    />
  );
}

function FormatChoice({ format, onFormat }: { format: Format; onFormat(format: Format): void }) {
  return (
    <Radios<Format>
      name="format"
      legend="Format"
      value={format}
      onChange={onFormat}
      options={[
        { value: "csv", label: "CSV", hint: "One row per case; opens in any spreadsheet or statistics package" },
        { value: "xlsx", label: "Excel (XLSX)", hint: "A sheet of cases, one for each repeating group, the data dictionary and a sheet about the extract" },
      ]}
    />
  );
}

const DATE_BOXES: { name: keyof DateParts; label: string; width: string }[] = [
  { name: "day", label: "Day", width: "nhsuk-input--width-2" },
  { name: "month", label: "Month", width: "nhsuk-input--width-2" },
  { name: "year", label: "Year", width: "nhsuk-input--width-4" },
];

/** The NHS date input (as the case form's DateWidget): boxes <id>-day, <id>-month and <id>-year. */
function DateInput({ id, legend, hint, value, onChange, error }: { id: string; legend: string; hint: string; value: DateParts; onChange(value: DateParts): void; error: string | null }) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        <div className="nhsuk-date-input" id={id}>
          {DATE_BOXES.map((box) => (
            <div className="nhsuk-date-input__item" key={box.name}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${box.name}`}>
                  {box.label}
                </label>
                <input
                  className={`nhsuk-input nhsuk-date-input__input ${box.width}${error ? " nhsuk-input--error" : ""}`}
                  id={`${id}-${box.name}`}
                  name={`${id}-${box.name}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  value={value[box.name]}
                  onChange={(event) => onChange({ ...value, [box.name]: event.target.value })}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
