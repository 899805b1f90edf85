/**
 * How many stored records a version's rules would refuse, per rule and per ICB: counts only
 * (the standards team sees no case contents). The count runs on the server as a job; the page
 * shows its progress and keeps the job in its address, so a reload picks it up again.
 */
import { useEffect, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { api, ApiError, type ImpactJobBody } from "../api.ts";
import { plural } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { BackLink, ErrorSummary, PageHeading, ScrollingTable, usePageTitle } from "./shared.tsx";
import { NOT_STANDARDS, useStandardsAccess } from "./Standards.tsx";

const POLL_MS = 1000;

export function StandardsImpact() {
  const allowed = useStandardsAccess();
  const { collection = "", version = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const jobId = params.get("job");
  const [job, setJob] = useState<ImpactJobBody | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const title = `Impact of version ${version} on stored records`;
  usePageTitle(!allowed || error ? null : title);

  // Follows the job in the address until it finishes.
  useEffect(() => {
    if (!allowed || !jobId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () =>
      api.job(jobId).then(
        (body) => {
          if (!live) return;
          setJob(body);
          if (body.status === "running") timer = setTimeout(look, POLL_MS);
        },
        (e: unknown) => live && setError(e),
      );
    void look();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [allowed, jobId]);

  if (!allowed) return <NoAccess message={NOT_STANDARDS} />;
  if (error) return <ErrorView error={error} />;

  const start = async () => {
    setRefusal(null);
    try {
      const started = await api.startImpact(collection, version);
      setJob(started);
      setParams({ job: started.id }, { replace: false });
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) setRefusal(e.message);
      else setError(e);
    }
  };

  return (
    <>
      <BackLink to="/standards">Back to definitions</BackLink>
      <PageHeading caption={collection}>{title}</PageHeading>
      {refusal && <ErrorSummary title="The count could not start" items={[{ text: refusal, target: "start" }]} focusKey={refusal} />}
      <p className="nhsuk-body">
        This runs the rules of version {version} over every stored record of the published version and counts the records they would refuse, for each rule and each ICB. It shows counts only, never the cases, and changes nothing.
      </p>
      {!job || job.status !== "running" ? (
        <button id="start" className="nhsuk-button" type="button" onClick={() => void start()}>
          {job ? "Count again" : "Count the records it would refuse"}
        </button>
      ) : null}
      {job && <JobProgress job={job} />}
      {job?.status === "done" && job.result && <Results job={job} />}
    </>
  );
}

function JobProgress({ job }: { job: ImpactJobBody }) {
  const { checked, total } = job.progress;
  const text =
    job.status === "running"
      ? `Checked ${checked.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} records`
      : job.status === "done"
        ? `Finished: checked ${plural(checked, "record")}`
        : (job.message ?? "The count failed");
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor="impact-progress">
        Progress
      </label>
      <progress id="impact-progress" className="app-progress" max={Math.max(total, 1)} value={job.status === "running" ? checked : Math.max(total, 1)} />
      <p className="nhsuk-body" role="status">
        {text}
      </p>
    </div>
  );
}

function Results({ job }: { job: ImpactJobBody }) {
  const result = job.result!;
  return (
    <>
      <h2>
        {result.failing === 0
          ? `Version ${job.version} would refuse none of the ${plural(result.checked, "stored record")}`
          : `Version ${job.version} would refuse ${result.failing.toLocaleString("en-GB")} of ${plural(result.checked, "stored record")} of version ${job.recordsVersion}`}
      </h2>
      {result.rules.length > 0 && (
        <ScrollingTable id="impact-rules" caption="Records refused, by rule" headings={["Item", "Rule", "Records"]}>
          {result.rules.map((r, i) => (
            <tr className="nhsuk-table__row" key={i}>
              <td className="nhsuk-table__cell">
                {r.label} <code className="nhsuk-body-s">{r.item}</code>
              </td>
              <td className="nhsuk-table__cell">{r.message}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.records.toLocaleString("en-GB")}</td>
            </tr>
          ))}
        </ScrollingTable>
      )}
      {result.owners.length > 0 && (
        <ScrollingTable id="impact-owners" caption="Records refused, by ICB" headings={["ICB", "Records"]}>
          {result.owners.map((o) => (
            <tr className="nhsuk-table__row" key={o.code}>
              <td className="nhsuk-table__cell">
                {o.name} ({o.code})
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{o.records.toLocaleString("en-GB")}</td>
            </tr>
          ))}
        </ScrollingTable>
      )}
    </>
  );
}
