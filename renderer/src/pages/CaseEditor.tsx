/**
 * Adding and editing a case: the form, then "Check your answers", then saving. Server
 * refusals come back here: 422 to the form with the errors on their fields, 412 (someone
 * else saved first) as a conflict with a way to reload, 403 and others as a message.
 */
import { type MouseEvent, useEffect, useRef, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { type CompiledForm, type RecordValidator, todayInLondon } from "../../../engine/runtime/index.ts";
import { ApiError, api, type CaseRecord, type FieldError } from "../api.ts";
import { AnswersSummary, CaseForm, ERROR_SUMMARY_ID, fieldId, focusAnswer, initialData, loadValidator } from "../form/index.ts";
import { arrivedEditor, loadCollection, loadForm, useAsync } from "./data.ts";
import { recordTitle } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { BackButton, BackLink, ClosedOrganisation, ErrorSummary, InsetText, Loading, PageHeading, requestHeadingFocus, usePageTitle, useSession, type Session } from "./shared.tsx";

type Mode = "create" | "edit";
type Data = Record<string, unknown>;

let generation = 0;

export function CaseEditor({ mode }: { mode: Mode }) {
  const { collection = "", id = "" } = useParams();
  const session = useSession();
  const [reloaded, setReloaded] = useState(false);
  const state = useAsync(async () => {
    let record: CaseRecord | null = null;
    let form: CompiledForm;
    if (mode === "create") form = (await loadCollection(collection)).current;
    else {
      record = await api.get(collection, id);
      form = await loadForm(collection, record.version);
    }
    return { form, record, validate: await loadValidator(form), generation: ++generation };
  }, [mode, collection, id], () => { const ready = mode === "create" ? arrivedEditor(collection) : undefined; return ready && { ...ready, generation: ++generation }; });
  const blocked = state.data ? refusal(mode, collection, state.data.form, state.data.record, session) : null;
  usePageTitle(state.status === "error" || blocked ? null : mode === "create" ? "Add a case" : "Edit case");

  if (state.status === "error") return <ErrorView error={state.error} what="Case" />;
  if (!state.data) return <Loading />;
  const { form, record, validate } = state.data;
  if (blocked) return <Refused mode={mode} form={form} record={record} collection={collection} reason={blocked} session={session} />;
  const reload = () => {
    setReloaded(true);
    state.reload();
  };
  return (
    <EditorSteps
      key={state.data.generation}
      mode={mode}
      collection={collection}
      form={form}
      record={record}
      validate={validate}
      reloaded={reloaded}
      reloading={state.status === "loading"}
      onReload={reload}
    />
  );
}

type Refusal = "not_editor" | "not_published" | "organisation_closed" | "retired" | "read_only" | "owner_closed";

/**
 * Why the user cannot start this form, from what the server said (/auth/me, the record's
 * permissions): shown before the form, never after it has been filled in.
 */
function refusal(mode: Mode, collection: string, form: CompiledForm, record: CaseRecord | null, session: Session): Refusal | null {
  if (mode === "create") {
    if (session.permissions?.createIn.includes(collection)) return null;
    if (session.organisationStatus && !session.organisationStatus.open) return "organisation_closed";
    if (form.status !== "published") return "not_published";
    return "not_editor";
  }
  if (!record || record.permissions.edit) return null;
  if (form.status === "retired") return "retired";
  if (record.permissions.writableItems.length === 0) return "read_only";
  return "owner_closed";
}

function Refused({
  mode,
  form,
  record,
  collection,
  reason,
  session,
}: {
  mode: Mode;
  form: CompiledForm;
  record: CaseRecord | null;
  collection: string;
  reason: Refusal;
  session: Session;
}) {
  const back = record ? `/c/${collection}/${record.id}` : `/c/${collection}`;
  if (reason === "not_editor") return <NoAccess message="Your role cannot add cases." />;
  if (reason === "read_only") return <NoAccess message="Your role can read this case but not change it." />;
  if (reason === "organisation_closed" && session.organisationStatus) return <OrganisationClosed back={back} title="New cases cannot be added" status={session.organisationStatus} />;
  if (reason === "owner_closed" && record) {
    return <CannotChange back={back} text={`${record.owner.name} (${record.owner.code}) has closed. Cases can only be changed for a current organisation.`} />;
  }
  return <ReadOnly form={form} back={back} mode={mode} />;
}

function OrganisationClosed({ back, title, status }: { back: string; title: string; status: NonNullable<Session["organisationStatus"]> }) {
  usePageTitle(title);
  return (
    <>
      <BackLink to={back} />
      <PageHeading>{title}</PageHeading>
      <ClosedOrganisation status={status} />
    </>
  );
}

function CannotChange({ back, text }: { back: string; text: string }) {
  const title = "This case cannot be changed";
  usePageTitle(title);
  return (
    <>
      <BackLink to={back} />
      <PageHeading>{title}</PageHeading>
      <InsetText>
        <p>{text}</p>
      </InsetText>
    </>
  );
}

function ReadOnly({ form, back, mode }: { form: CompiledForm; back: string; mode: Mode }) {
  const title = mode === "create" ? "New cases cannot be added" : "This case cannot be changed";
  usePageTitle(title);
  return (
    <>
      <BackLink to={back} />
      <PageHeading>{title}</PageHeading>
      <InsetText>
        <p>
          {mode === "create"
            ? `${form.title} is ${form.status}; new cases can only be added under the published version.`
            : `This case was recorded under ${form.title}, which is retired. It is read-only until it has been migrated to the current version of the tracker.`}
        </p>
      </InsetText>
    </>
  );
}

type Problem = { kind: "conflict"; message: string } | { kind: "refused"; message: string };

interface StepsProps {
  mode: Mode;
  collection: string;
  form: CompiledForm;
  record: CaseRecord | null;
  validate: RecordValidator;
  reloaded: boolean;
  reloading: boolean;
  onReload(): void;
}

function EditorSteps({ mode, collection, form, record, validate, reloaded, reloading, onReload }: StepsProps) {
  const { permissions, setSession } = useSession();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const [today] = useState(() => {
    // Started again from the latest version after a conflict: the new form's heading takes focus.
    if (reloaded) requestHeadingFocus();
    return todayInLondon();
  });
  const [data, setData] = useState<Data>(() => (record ? record.data : initialData(form, today)));
  const [step, setStep] = useState<"form" | "check">("form");
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [changing, setChanging] = useState<string | null>(null);

  const title = record ? recordTitle(form, record.data, "Case") : undefined;
  const heading = mode === "create" ? "Add a case" : "Edit case";
  const caseUrl = record ? `/c/${collection}/${record.id}` : `/c/${collection}`;
  const formErrors = useErrorSummaryIn(step === "form");
  usePageTitle(step === "form" ? heading : "Check your answers before saving", step === "form" ? formMessage !== null || formErrors.shown : problem !== null);

  // "Change" links on the check step go to this page's URL with the field's id as the
  // fragment (AnswersSummary adds it): go back to the form and put the user in that field.
  useEffect(() => {
    if (step !== "check") return;
    const onHashChange = () => {
      const target = decodeURIComponent(window.location.hash.slice(1));
      if (!isFieldOf(form, target)) return;
      // Forget the fragment, so that choosing the same answer again is a change too.
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
      setChanging(target);
      setStep("form");
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [step, form]);

  useEffect(() => {
    if (step !== "form" || changing === null) return;
    const target = changing;
    setChanging(null);
    if (!focusAnswer(target)) requestAnimationFrame(() => focusAnswer(target));
  }, [step, changing]);

  const onChangeLink = (event: MouseEvent<HTMLDivElement>) => {
    const link = (event.target as HTMLElement).closest("a");
    const target = link?.hash ? decodeURIComponent(link.hash.slice(1)) : "";
    if (!link || link.pathname !== window.location.pathname || !isFieldOf(form, target)) return;
    event.preventDefault();
    setChanging(target);
    setStep("form");
  };

  const toCheck = (answers: Data) => {
    setData(answers);
    setProblem(null);
    setServerErrors([]);
    setFormMessage(null);
    setStep("check");
    requestHeadingFocus();
    window.scrollTo(0, 0);
  };
  const toForm = () => {
    setStep("form");
    requestHeadingFocus();
    window.scrollTo(0, 0);
  };

  const save = async () => {
    setSaving(true);
    try {
      const saved = record ? await api.update(collection, record.id, record.revision, data) : await api.create(collection, data);
      navigate(`/c/${collection}/${saved.id}`, { replace: true, state: { saved: true } });
    } catch (e) {
      setSaving(false);
      setAttempt((n) => n + 1);
      if (!(e instanceof ApiError)) {
        console.error(e);
        setProblem({ kind: "refused", message: "Sorry, there is a problem with the service. Your answers have not been saved. Try again later." });
      } else if (e.status === 401) {
        setSession(null);
      } else if (e.status === 422) {
        setServerErrors(e.errors);
        setFormMessage(e.message);
        setStep("form");
        window.scrollTo(0, 0);
      } else if (e.status === 412) {
        setProblem({ kind: "conflict", message: e.message });
      } else if (e.status >= 500) {
        setProblem({ kind: "refused", message: "Sorry, there is a problem with the service. Your answers have not been saved. Try again later." });
      } else {
        setProblem({ kind: "refused", message: e.message });
      }
    }
  };

  if (step === "form") {
    return (
      <>
        <BackLink to={caseUrl} />
        {formMessage !== null && serverErrors.length === 0 ? <ErrorSummary description={formMessage} focusKey={attempt} /> : null}
        <PageHeading caption={title}>{heading}</PageHeading>
        {reloaded && record ? (
          <InsetText>
            <p>This is the latest version of the case, with the other person's changes. Make your changes again, then save them.</p>
          </InsetText>
        ) : null}
        <div ref={formErrors.ref}>
          <CaseForm
            form={form}
            validate={validate}
            initialData={data}
            writerRole={permissions?.writerRole ?? null}
            serverErrors={serverErrors}
            today={today}
            onSubmit={toCheck}
            submitLabel="Continue"
            {...(formMessage !== null && serverErrors.length > 0 && !serverErrors.every((e) => e.message === formMessage) ? { errorTitle: formMessage } : {})}
          />
        </div>
      </>
    );
  }

  return (
    <>
      <BackButton onClick={toForm} />
      {problem?.kind === "conflict" ? (
        <ErrorSummary title="Someone else has changed this case since you opened it" description="Your changes have not been saved." focusKey={attempt} />
      ) : problem ? (
        <ErrorSummary description={problem.message} focusKey={attempt} />
      ) : null}
      <PageHeading caption={title}>Check your answers before saving</PageHeading>
      {problem?.kind === "conflict" ? (
        <>
          <div className="nhsuk-card nhsuk-card--warning">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">Important</h2>
              <p>{problem.message}</p>
              <p>Your answers are shown below, so that you can note them before you reload the case.</p>
              <button className="nhsuk-button nhsuk-u-margin-bottom-0" type="button" onClick={onReload} disabled={reloading}>
                Reload the case
              </button>
            </div>
          </div>
          <AnswersSummary form={form} data={data} />
        </>
      ) : (
        <>
          {/* Delegated: a "Change" link goes back to its field without adding a browser history entry
              (the link's own fragment still works as a fallback, through the hashchange handler). */}
          <div onClick={onChangeLink}>
            <AnswersSummary form={form} data={data} changeHref={() => pathname + search} />
          </div>
          <button className="nhsuk-button" type="button" onClick={save} disabled={saving}>
            Save case
          </button>
        </>
      )}
    </>
  );
}

/**
 * Whether the form is showing its error summary (its own checks failed), for the page title's
 * "Error: " prefix: CaseForm does not report failed submits to the page.
 */
function useErrorSummaryIn(active: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const container = ref.current;
    if (!active || !container) return;
    const update = () => setShown(container.querySelector(`#${ERROR_SUMMARY_ID}`) !== null);
    update();
    const observer = new MutationObserver(update);
    observer.observe(container, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [active]);
  return { ref, shown: active && shown };
}

/** True when an element id is one of the form's fields (see the form module's fieldId). */
function isFieldOf(form: CompiledForm, id: string): boolean {
  return form.items.some((item) => {
    const field = fieldId([item.key]);
    return id === field || id.startsWith(`${field}-`);
  });
}
