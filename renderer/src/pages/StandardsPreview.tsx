/**
 * A version's form as an ICB editor would see it, drawn by the tracker's own renderer with the
 * version's compiled validator: the standards team can try answers and see the errors. Nothing
 * is stored (the page never calls a write).
 */
import { useState } from "react";
import { useParams } from "react-router";
import { todayInLondon } from "../../../engine/runtime/index.ts";
import { api } from "../api.ts";
import { CaseForm, initialData, loadValidator } from "../form/index.ts";
import { useAsync } from "./data.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { BackLink, Loading, PageHeading, usePageTitle } from "./shared.tsx";
import { NOT_STANDARDS, StatusTag, useStandardsAccess } from "./Standards.tsx";

export function StandardsPreview() {
  const allowed = useStandardsAccess();
  const { collection = "", version = "" } = useParams();
  const state = useAsync(async () => {
    if (!allowed) return null;
    const form = await api.form(collection, version);
    return { form, validate: await loadValidator(form) };
  }, [allowed, collection, version]);
  const [passed, setPassed] = useState(false);
  const title = `Preview of version ${version}`;
  usePageTitle(state.status === "error" || !allowed ? null : title);
  if (!allowed) return <NoAccess message={NOT_STANDARDS} />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  const { form, validate } = state.data;
  const today = todayInLondon();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/standards">Back to definitions</BackLink>
        <PageHeading caption={form.collection.title}>{title}</PageHeading>
        <p className="nhsuk-body">
          <StatusTag status={form.status} /> This is the form an ICB editor would fill in. Try answers and choose "Check these answers" to see the errors. Nothing you enter is stored.
        </p>
        {passed && (
          <div className="nhsuk-inset-text" role="status">
            <p>These answers pass every rule of version {form.version}.</p>
          </div>
        )}
        <CaseForm form={form} validate={validate} initialData={initialData(form, today)} writerRole="editor" today={today} submitLabel="Check these answers" onChange={() => setPassed(false)} onSubmit={() => setPassed(true)} />
      </div>
    </div>
  );
}
