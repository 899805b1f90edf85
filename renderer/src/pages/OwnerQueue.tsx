/**
 * The owner queue, for national users: cases whose owner a migration or an ICB succession could
 * not decide (a predecessor split between successors), each with the named successors to choose from.
 */
import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { api, ApiError, type OwnerQueueEntry } from "../api.ts";
import { loadCollection, useAsync } from "./data.ts";
import { recordTitle } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { BackLink, ErrorSummary, Loading, PageHeading, SuccessBanner, usePageTitle, useSession } from "./shared.tsx";

export function OwnerQueue() {
  const { collection = "" } = useParams();
  const { permissions } = useSession();
  const [saved, setSaved] = useState<string | null>(null);
  const state = useAsync(async () => {
    const [forms, queue] = await Promise.all([loadCollection(collection), api.ownerQueue(collection)]);
    return { form: forms.current, queue: queue.items };
  }, [collection, saved]);
  usePageTitle(state.status === "error" ? null : "Cases waiting for an owner");

  if (!permissions?.assignOwners) return <NoAccess message="Only national users assign the owners of cases." />;
  if (state.status === "error") return <ErrorView error={state.error} what="Page" />;
  if (!state.data) return <Loading />;
  const { form, queue } = state.data;
  return (
    <>
      <BackLink to={`/c/${collection}`}>Back to cases</BackLink>
      <PageHeading>Cases waiting for an owner</PageHeading>
      {saved ? <SuccessBanner>{saved}</SuccessBanner> : null}
      <p className="nhsuk-body">
        These cases belonged to an organisation that closed and was divided between successors. The organisation data cannot say which successor each case
        belongs to, so choose one for each.
      </p>
      {queue.length === 0 ? <p className="nhsuk-body">No cases are waiting.</p> : null}
      {queue.map((entry) => (
        <Assign key={entry.record.id} entry={entry} title={recordTitle(form, entry.record.data, "case")} collection={collection} onSaved={setSaved} />
      ))}
    </>
  );
}

function Assign({ entry, title, collection, onSaved }: { entry: OwnerQueueEntry; title: string; collection: string; onSaved(message: string): void }) {
  const [choice, setChoice] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = `owner-${entry.record.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) {
      setError(`Select the organisation that owns ${title}`);
      return;
    }
    try {
      const record = await api.assignOwner(collection, entry.record.id, entry.record.revision, choice);
      onSaved(`${title} now belongs to ${record.owner.name} (${record.owner.code})`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "The owner could not be saved. Try again.");
    }
  };
  return (
    <form className="nhsuk-u-margin-bottom-7" onSubmit={submit} noValidate>
      {error ? <ErrorSummary items={[{ text: error, target: `${id}-1` }]} focusKey={error} /> : null}
      <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={`${id}-hint`}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 className="nhsuk-fieldset__heading">
              {title} (was {entry.record.owner.name}, {entry.record.ownerOrg})
            </h2>
          </legend>
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {entry.reason}
          </div>
          {error ? (
            <span className="nhsuk-error-message">
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          ) : null}
          <div className="nhsuk-radios">
            {entry.candidates.map((candidate, i) => (
              <div className="nhsuk-radios__item" key={candidate.code}>
                <input
                  className="nhsuk-radios__input"
                  id={`${id}-${i + 1}`}
                  name={id}
                  type="radio"
                  value={candidate.code}
                  checked={choice === candidate.code}
                  onChange={() => setChoice(candidate.code)}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${id}-${i + 1}`}>
                  {candidate.name} ({candidate.code}){candidate.region ? `, ${candidate.region.name}` : ""}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button className="nhsuk-button" type="submit">
        Assign owner
      </button>
    </form>
  );
}
