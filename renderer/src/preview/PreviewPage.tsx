/**
 * What a definition looks like to the people who will use it, as the files are edited: the
 * problems of the files as saved (with their positions, as links when an editor address is
 * configured), the form drawn by the tracker's own form module for an ICB editor (try answers
 * and see the errors), the changes from the published version with each breaking change marked
 * and whether a migration deals with it, and the data dictionary. A save that breaks the files
 * shows its problems beside the last form that compiled.
 */
import { useState } from "react";
import { initialData, todayInLondon, type CompiledForm, type RecordValidator } from "../../../engine/runtime/index.ts";
import type { PreviewChange, PreviewProblem, PreviewState } from "../../../preview/state.ts";
import { CaseForm } from "../form/index.ts";
import { ScrollingTable } from "../pages/shared.tsx";
import type { RecordData } from "../form/types.ts";
import { usePreviewState, type Connection } from "./use-preview-state.ts";

export function PreviewPage() {
  const { loaded, connection, failure } = usePreviewState();
  const state = loaded?.state;
  const title = state ? `${state.collection} ${state.version ?? ""}`.trim() : "Form preview";
  if (typeof document !== "undefined") document.title = `Preview of ${title} - Safeguarding Case Review Tracker`;
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <span className="nhsuk-header__service-name">Form preview for the data standards team</span>
          </div>
        </div>
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <h1>
            <span className="nhsuk-caption-l">Preview</span>
            {title}
            {state?.form ? ` (${state.form.status})` : ""}
          </h1>
          <Status state={state} connection={connection} failure={failure} />
          {state && <Problems problems={state.problems} stale={state.stale} hasForm={Boolean(state.form)} />}
          {state?.form && loaded?.validate && <TryTheForm key={`${state.form.version}:${state.revision}`} form={state.form} validate={loaded.validate} />}
          {state?.diff && <Changes diff={state.diff} />}
          {state?.form && <Dictionary state={state} />}
        </main>
      </div>
    </>
  );
}

function Status({ state, connection, failure }: { state: PreviewState | undefined; connection: Connection; failure: string | null }) {
  const time = state ? new Date(state.builtAt).toLocaleTimeString("en-GB") : null;
  const text = failure
    ? `The preview could not be loaded: ${failure}`
    : !state
      ? "Loading the definitions…"
      : state.problems.length
        ? `Saved at ${time}: ${plural(state.problems.length, "problem")} to fix.`
        : `Saved at ${time}: no problems.`;
  return (
    <>
      {/* Announced on every rebuild, so a screen reader user hears the result of their save. */}
      <p className="nhsuk-body-l" role="status" aria-live="polite" data-revision={state?.revision ?? 0}>
        {text}
      </p>
      {connection === "lost" && (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Not following the files
            </span>
          </h2>
          <p>The page has lost touch with the preview (it may have stopped). It will catch up when the preview runs again.</p>
        </div>
      )}
    </>
  );
}

function Problems({ problems, stale, hasForm }: { problems: PreviewProblem[]; stale: boolean; hasForm: boolean }) {
  if (!problems.length) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="problems-title">
      <h2 className="nhsuk-error-summary__title" id="problems-title">
        The definition files as saved have {plural(problems.length, "problem")}
      </h2>
      <div className="nhsuk-error-summary__body">
        <p>{stale && hasForm ? "The form below is the last one that compiled. Fix these and save to see your change." : "Nothing has compiled yet. Fix these and save."}</p>
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {problems.map((p, i) => {
            const position = `${p.file}:${p.line}:${p.column}`;
            return (
              <li key={i}>
                {p.editorUrl ? (
                  <a className="app-preview__problem-file" href={p.editorUrl}>
                    {position}
                  </a>
                ) : (
                  <span className="app-preview__problem-file">{position}</span>
                )}
                : {p.message} <span className="nhsuk-u-secondary-text-colour">({p.code})</span>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

/** The form as an ICB editor is shown it; "Check these answers" runs every rule and stores nothing. */
function TryTheForm({ form, validate }: { form: CompiledForm; validate: RecordValidator }) {
  const today = todayInLondon();
  // Answers typed survive a rebuild (the key remounts the form with them), so a changed rule can be tried on them at once.
  const [answers, setAnswers] = useState<RecordData>(() => keptAnswers.get(form.collection.id) ?? initialData(form, today));
  const [passed, setPassed] = useState(false);
  return (
    <section aria-labelledby="form-title" className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h2 id="form-title">The form as ICB users see it</h2>
        <p>Nothing you enter here is stored. Your answers stay when the files change, so you can try a changed rule on them.</p>
        {passed && (
          <div className="nhsuk-inset-text" role="status">
            <p>These answers pass every rule of version {form.version}.</p>
          </div>
        )}
        <CaseForm
          form={form}
          validate={validate}
          initialData={answers}
          writerRole="editor"
          today={today}
          submitLabel="Check these answers"
          onChange={(data) => {
            keptAnswers.set(form.collection.id, data);
            setAnswers(data);
            setPassed(false);
          }}
          onSubmit={() => setPassed(true)}
        />
      </div>
    </section>
  );
}

const keptAnswers = new Map<string, RecordData>();

function Changes({ diff }: { diff: NonNullable<PreviewState["diff"]> }) {
  const breaking = diff.changes.filter((c) => c.breaking);
  const uncovered = breaking.filter((c) => c.covered === false || c.covered === null);
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">
        Changes from version {diff.from} (published) to {diff.to}
      </h2>
      <p>
        {plural(diff.changes.length, "change")}, {plural(breaking.length, "breaking change")}.{" "}
        {!diff.migration
          ? breaking.length
            ? `There is no migration from ${diff.from} to ${diff.to}: stored records cannot be carried across.`
            : ""
          : uncovered.length
            ? `The migration from ${diff.from} does not deal with ${plural(uncovered.length, "breaking change")}.`
            : `The migration from ${diff.from} deals with every breaking change.`}
      </p>
      {diff.changes.length > 0 && (
        <ScrollingTable id="changes" caption="Each change, whether it is breaking and whether the migration deals with it" headings={["Change", "Breaking", "Migration"]}>
          {diff.changes.map((c, i) => (
            <ChangeRow key={i} change={c} />
          ))}
        </ScrollingTable>
      )}
    </section>
  );
}

function ChangeRow({ change }: { change: PreviewChange }) {
  const migration = !change.breaking ? "Not needed" : change.covered ? "Deals with it" : "Does not deal with it";
  return (
    <tr className="nhsuk-table__row" data-kind={change.kind}>
      <td className="nhsuk-table__cell">{change.description}</td>
      <td className="nhsuk-table__cell">{change.breaking ? <strong className="nhsuk-tag nhsuk-tag--red">Breaking</strong> : "No"}</td>
      <td className="nhsuk-table__cell">{change.breaking && !change.covered ? <strong className="nhsuk-tag nhsuk-tag--orange">{migration}</strong> : migration}</td>
    </tr>
  );
}

function Dictionary({ state }: { state: PreviewState }) {
  const href = `/preview/dictionary.html?revision=${state.revision}`;
  return (
    <section aria-labelledby="dictionary-title">
      <h2 id="dictionary-title">Data dictionary</h2>
      <p>
        <a href={href} target="_blank" rel="noreferrer">
          Open the data dictionary of version {state.form?.version} in a new tab
        </a>
      </p>
      <iframe className="app-preview__dictionary" src={href} title={`Data dictionary of ${state.collection} version ${state.form?.version ?? ""}`} />
    </section>
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
}
