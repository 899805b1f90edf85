/**
 * "Import legacy cases": a national user picks a legacy CSV file and the version it was
 * written under; the browser reads the file and posts its text, then polls the import job
 * about once a second. The job's id sits in the address (?job=) so a reload resumes it.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, ApiError, type CollectionSummary, type ImportJobBody, type ImportMigrationBody } from "../api.ts";
import { loadCollections, useAsync } from "./data.ts";
import { ErrorView, NoAccess, NotFound } from "./Problems.tsx";
import { ErrorSummary, Loading, PageHeading, usePageTitle, useSession } from "./shared.tsx";

const TITLE = "Import legacy cases";
const SHOWN_PROBLEMS = 100;
const count = new Intl.NumberFormat("en-GB");

export function ImportLegacy() {
  const { permissions } = useSession();
  const { collection = "" } = useParams();
  const [params] = useSearchParams();
  const job = params.get("job");
  const state = useAsync(async () => (await loadCollections()).find((c) => c.id === collection) ?? null, [collection]);
  usePageTitle(state.status === "loading" && permissions?.importLegacy ? TITLE : null);

  if (!permissions?.importLegacy) return <NoAccess message="Your role does not let you import legacy case files. You cannot import files." />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (state.data === undefined) return <Loading />;
  if (state.data === null) return <NotFound what="Collection" />;
  return job ? <ImportJob collection={state.data} id={job} /> : <ImportForm collection={state.data} />;
}

type Field = "file" | "version" | "carry" | null;
interface Problem {
  field: Field;
  text: string;
  attempt: number;
}

/** Words for a refusal the user can act on (the server's message when it gives one). */
function refusalText(error: ApiError): string {
  if (error.status === 413) return "The file is too large to import. Split it into smaller files and import each one.";
  if (error.status === 415) return "The file must be a CSV file.";
  if (error.code === "job_running") return "You already have an import running. Wait for it to finish, then try again.";
  return error.message;
}

function ImportForm({ collection }: { collection: CollectionSummary }) {
  const [, setParams] = useSearchParams();
  // The oldest version first: legacy files were written under it.
  const versions = [...collection.versions].filter((v) => v.status !== "draft").sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const [version, setVersion] = useState(versions[0]?.version ?? "");
  const [validOnly, setValidOnly] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  // A file of an older version is carried to the current one unless the user says otherwise:
  // cases stored under a retired version would wait for a migration run from the command line.
  const [carry, setCarry] = useState(true);
  const current = collection.currentVersion;
  const canCarry = Boolean(current) && version !== "" && version !== current;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  usePageTitle(TITLE, problem !== null);

  const fail = (field: Field, text: string) => setProblem((p) => ({ field, text, attempt: (p?.attempt ?? 0) + 1 }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const file = fileRef.current?.files?.[0];
    if (!file) return fail("file", "Choose the CSV file to import");
    setBusy(true);
    try {
      const text = await file.text();
      const query = new URLSearchParams({ version, validOnly: String(validOnly), dryRun: String(dryRun), ...(canCarry && carry && current ? { to: current } : {}) });
      const job = await api.startImport(collection.id, query, text);
      setParams({ job: job.id });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500 || e.status === 0) fail(null, e instanceof ApiError && e.status === 0 ? e.message : "Sorry, there is a problem with the service. Nothing has been imported. Try again later.");
      else if (e.code === "no_migration") fail("carry", `There is no migration from version ${version} to version ${current}. Untick the box to import the cases under version ${version}.`);
      else fail(e.errors[0]?.path?.includes("version") ? "version" : "file", refusalText(e));
    } finally {
      setBusy(false);
    }
  };

  const fileError = problem?.field === "file" ? problem.text : null;
  const versionError = problem?.field === "version" ? problem.text : null;
  const carryError = problem?.field === "carry" ? problem.text : null;
  const target = (field: Field) => (field === "file" ? "import-file" : field === "carry" ? "import-carry" : `import-version-${versions[0]?.version ?? ""}`);
  return (
    <>
      {problem ? <ErrorSummary items={[{ text: problem.text, ...(problem.field ? { target: target(problem.field) } : {}) }]} focusKey={problem.attempt} /> : null}
      <PageHeading caption={collection.title}>{TITLE}</PageHeading>
      <p className="nhsuk-body">Add cases from a CSV file kept before the tracker. Each row becomes a case; rows already imported are skipped.</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={`nhsuk-form-group${fileError ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="import-file">
            CSV file
          </label>
          {fileError ? (
            <span className="nhsuk-error-message" id="import-file-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {fileError}
            </span>
          ) : null}
          <input className="nhsuk-file-upload" id="import-file" name="file" type="file" accept=".csv,text/csv" ref={fileRef} aria-describedby={fileError ? "import-file-error" : undefined} />
        </div>
        <div className={`nhsuk-form-group${versionError ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby={versionError ? "import-version-error" : undefined}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Version of the form the file was written under</legend>
            {versionError ? (
              <span className="nhsuk-error-message" id="import-version-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {versionError}
              </span>
            ) : null}
            <div className="nhsuk-radios">
              {versions.map((v) => (
                <div className="nhsuk-radios__item" key={v.version}>
                  <input className="nhsuk-radios__input" id={`import-version-${v.version}`} name="version" type="radio" value={v.version} checked={version === v.version} onChange={() => setVersion(v.version)} />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={`import-version-${v.version}`}>
                    {v.title} (version {v.version})
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div className={`nhsuk-form-group${carryError ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby={carryError ? "import-carry-error" : undefined}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Options</legend>
            {carryError ? (
              <span className="nhsuk-error-message" id="import-carry-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {carryError}
              </span>
            ) : null}
            <div className="nhsuk-checkboxes">
              {canCarry ? (
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id="import-carry" type="checkbox" checked={carry} onChange={(e) => setCarry(e.target.checked)} aria-describedby="import-carry-hint" />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="import-carry">
                    Bring the cases up to version {current} (the current version) as they are imported
                  </label>
                  <div className="nhsuk-hint nhsuk-checkboxes__hint" id="import-carry-hint">
                    Each case is changed as the migration from version {version} changes stored cases, and its history shows it as it was in the file. Otherwise the cases stay under version {version} until they are migrated.
                  </div>
                </div>
              ) : null}
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="import-valid-only" type="checkbox" checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="import-valid-only">
                  Only import rows with no problems
                </label>
              </div>
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="import-dry-run" type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="import-dry-run">
                  Check the file without storing anything
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
          {dryRun ? "Check the file" : "Import the file"}
        </button>
      </form>
      <p className="nhsuk-body">
        <Link to={`/c/${collection.id}`}>Back to the cases</Link>
      </p>
    </>
  );
}

type JobState = { status: "loading" } | { status: "ready"; job: ImportJobBody } | { status: "gone" } | { status: "error"; error: unknown };

function ImportJob({ collection, id }: { collection: CollectionSummary; id: string }) {
  const [state, setState] = useState<JobState>({ status: "loading" });
  const [announcement, setAnnouncement] = useState("");
  const lastQuarter = useRef(-1);
  usePageTitle(TITLE);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await api.importJob(collection.id, id);
        if (!live) return;
        setState({ status: "ready", job });
        if (job.status === "running") {
          // Announce sparingly: each quarter of the way, not every poll.
          const quarter = job.progress.total > 0 ? Math.floor((job.progress.checked / job.progress.total) * 4) : 0;
          if (quarter > lastQuarter.current) {
            lastQuarter.current = quarter;
            setAnnouncement(`Importing: ${quarter * 25}% done`);
          }
          timer = setTimeout(() => void poll(), 1000);
        } else setAnnouncement(job.status === "done" ? "The import has finished" : "The import failed");
      } catch (e) {
        if (!live) return;
        setState(e instanceof ApiError && e.status === 404 ? { status: "gone" } : { status: "error", error: e });
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [collection.id, id]);

  const back = (
    <p className="nhsuk-body">
      <Link to={`/c/${collection.id}`}>Go to the case list</Link>
    </p>
  );
  const live = (
    <div className="nhsuk-u-visually-hidden" aria-live="polite" role="status">
      {announcement}
    </div>
  );
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (state.status === "loading") return <Loading />;
  if (state.status === "gone")
    return (
      <>
        <PageHeading caption={collection.title}>{TITLE}</PageHeading>
        <p className="nhsuk-body">This import is no longer available: results are kept for an hour.</p>
        <p className="nhsuk-body">
          <Link to={`/c/${collection.id}/import`}>Import another file</Link>
        </p>
        {back}
      </>
    );
  const { job } = state;
  if (job.status === "running") {
    const { checked, total } = job.progress;
    return (
      <>
        <PageHeading caption={collection.title}>Importing legacy cases</PageHeading>
        <label className="nhsuk-label" htmlFor="import-progress">
          Rows imported
        </label>
        <progress id="import-progress" max={Math.max(total, 1)} value={checked} style={{ width: "100%", height: "1.5rem" }} />
        <p className="nhsuk-body">
          {total > 0 ? `${count.format(checked)} of ${count.format(total)} rows` : "Checking the file"}
        </p>
        {live}
      </>
    );
  }
  if (job.status === "failed" || !job.result) {
    return (
      <>
        <PageHeading caption={collection.title}>The import failed</PageHeading>
        <p className="nhsuk-body">{job.message ?? "The import stopped before it finished."}</p>
        {live}
        {back}
      </>
    );
  }
  const report = job.result;
  const more = report.problems.length - SHOWN_PROBLEMS;
  return (
    <>
      <PageHeading caption={collection.title}>{report.stored ? "Import finished" : "Nothing was imported"}</PageHeading>
      {live}
      <p className="nhsuk-body">{report.message}</p>
      {!report.stored ? <p className="nhsuk-body">Nothing was stored.</p> : null}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Cases imported</dt>
          <dd className="nhsuk-summary-list__value">{count.format(report.imported)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Already imported</dt>
          <dd className="nhsuk-summary-list__value">{count.format(report.alreadyImported)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Rows with problems</dt>
          <dd className="nhsuk-summary-list__value">{count.format(report.rows - report.validRows)}</dd>
        </div>
      </dl>
      {report.migration ? <MigrationSummary collection={collection.id} migration={report.migration} stored={report.stored} /> : null}
      {report.problems.length > 0 ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Problems in the file</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Row</th>
              <th scope="col" className="nhsuk-table__header">Item</th>
              <th scope="col" className="nhsuk-table__header">Problem</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {report.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
              <tr className="nhsuk-table__row" key={i}>
                <td className="nhsuk-table__cell">{count.format(p.row)}</td>
                <td className="nhsuk-table__cell">{p.column}</td>
                <td className="nhsuk-table__cell">{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {more > 0 ? <p className="nhsuk-body">and {count.format(more)} more</p> : null}
      <p className="nhsuk-body">
        <Link to={`/c/${collection.id}/import`}>Import another file</Link>
      </p>
      {back}
    </>
  );
}

/** What bringing the rows up to the current version made of them (or, on a check, would). */
function MigrationSummary({ collection, migration, stored }: { collection: string; migration: ImportMigrationBody; stored: boolean }) {
  const row = (key: string, value: number, link?: { to: string; text: string }) => (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{key}</dt>
      <dd className="nhsuk-summary-list__value">{count.format(value)}</dd>
      <dd className="nhsuk-summary-list__actions">{link && value > 0 && stored ? <Link to={link.to}>{link.text}</Link> : null}</dd>
    </div>
  );
  return (
    <>
      <h2 className="nhsuk-heading-m">
        {stored ? "Brought up to" : "Would be brought up to"} version {migration.to}
      </h2>
      <dl className="nhsuk-summary-list">
        {row("Complete", migration.complete)}
        {row("Incomplete (answers the new version asks for are missing)", migration.incomplete, { to: `/c/${collection}?complete=no`, text: "View the incomplete cases" })}
        {row("Flagged for review", migration.flagged, { to: `/c/${collection}?flagged=yes`, text: "View the flagged cases" })}
        {row("Waiting for a person to choose their owner", migration.pendingOwners, { to: `/c/${collection}/owner-queue`, text: "Choose their owners" })}
      </dl>
      {migration.ownerChanges.length > 0 ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Owners changed</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">From</th>
              <th scope="col" className="nhsuk-table__header">To</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Cases</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {migration.ownerChanges.map((c) => (
              <tr className="nhsuk-table__row" key={`${c.from}-${c.to}`}>
                <td className="nhsuk-table__cell">{c.from}</td>
                <td className="nhsuk-table__cell">{c.to}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{count.format(c.records)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
