/**
 * One of the collection's actions on a case (close it, record the region's acceptance): a page
 * that asks only the action's questions, in the same form and theme as the editor, checks the
 * whole record as it would be saved with the version's validator, and saves it through the
 * usual update. Whether the user may take the action is the server's word (the record's
 * permissions.actions); problems elsewhere in the record are named with a way to fix them.
 */
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { actionData, type CompiledAction, type CompiledForm, doneMessage, findAction, type RecordValidator, todayInLondon, type ValidationError } from "../../../engine/runtime/index.ts";
import { ApiError, api, type CaseRecord, type FieldError } from "../api.ts";
import { CaseForm, errorItem, limitForm, loadValidator } from "../form/index.ts";
import { loadForm, useAsync } from "./data.ts";
import { captionItem, labelOf, recordTitle } from "./format.ts";
import { recordCaption } from "./CasePage.tsx";
import { ConflictView } from "./ConflictView.tsx";
import { ErrorView, NoAccess, NotFound } from "./Problems.tsx";
import { BackLink, ErrorSummary, InsetText, Loading, PageHeading, requestHeadingFocus, usePageTitle, useSession } from "./shared.tsx";

type Data = Record<string, unknown>;

/** After a conflict: the latest version of the case, and this user's answers carried onto it. */
interface Carried {
  record: CaseRecord;
  answers: Data;
}

export function CaseAction() {
  const { collection = "", id = "", action: actionId = "" } = useParams();
  const state = useAsync(async () => {
    const record = await api.get(collection, id);
    const form = await loadForm(collection, record.version);
    return { record, form, validate: await loadValidator(form) };
  }, [collection, id]);
  const [carried, setCarried] = useState<Carried | null>(null);
  // Once loaded, the page shown (the form, not found, no access) sets its own title.
  usePageTitle(state.status === "error" || state.data ? null : "Case");

  if (state.status === "error") return <ErrorView error={state.error} what="Case" />;
  if (!state.data) return <Loading />;
  const { form, validate } = state.data;
  const record = carried?.record ?? state.data.record;
  const action = findAction(form, actionId);
  if (!action) return <NotFound />;
  // The server says whether the user may take it on this record now.
  if (!record.permissions.actions.includes(action.id)) return <NotOffered action={action} back={`/c/${collection}/${record.id}`} />;
  const reload = () => {
    setCarried(null);
    state.reload();
  };
  return (
    <ActionForm
      key={record.revision}
      collection={collection}
      record={record}
      form={form}
      action={action}
      validate={validate}
      carried={carried?.answers ?? null}
      onCarryOver={(latest, answers) => {
        requestHeadingFocus();
        // Answers for one version of the form cannot be carried onto a case moved to another.
        if (latest.version !== form.version) reload();
        else setCarried({ record: latest, answers });
      }}
      onReload={reload}
      reloading={state.status === "loading"}
    />
  );
}

function NotOffered({ action, back }: { action: CompiledAction; back: string }) {
  return (
    <>
      <BackLink to={back}>Back to the case</BackLink>
      <NoAccess message={`${action.title} is not something you can do to this case now.`} />
    </>
  );
}

type Problem = { kind: "conflict"; message: string; latest: CaseRecord | null; mine: Data } | { kind: "refused"; message: string } | { kind: "elsewhere"; errors: ValidationError[] };

interface ActionFormProps {
  collection: string;
  record: CaseRecord;
  form: CompiledForm;
  action: CompiledAction;
  validate: RecordValidator;
  /** This user's answers carried onto the latest version after a conflict, to start from. */
  carried: Data | null;
  onCarryOver(latest: CaseRecord, answers: Data): void;
  onReload(): void;
  reloading: boolean;
}

function ActionForm({ collection, record, form, action, validate, carried, onCarryOver, onReload, reloading }: ActionFormProps) {
  const { permissions, setSession } = useSession();
  const navigate = useNavigate();
  const [today] = useState(todayInLondon);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const caseUrl = `/c/${collection}/${record.id}`;
  const title = recordTitle(form, record.data, "");
  const asked = new Set(action.asks);
  const conflict = problem?.kind === "conflict";
  usePageTitle(conflict ? "Someone else has changed this case" : action.title, !conflict && (problem !== null || serverErrors.length > 0));

  // The form shows only the asked items but checks the record the action would save; its
  // own errors are the asked items' (the rest of the record is reported apart, below).
  const limited = limitForm(form, action.asks);
  const checkAsked: RecordValidator = (data, context) => {
    const result = validate(actionData(action, record.data, data as Record<string, unknown>), context);
    const errors = result.errors.filter((e) => asked.has(errorItem(e.path)));
    return { valid: errors.length === 0, errors };
  };

  const fail = (next: Problem) => {
    setProblem(next);
    setAttempt((n) => n + 1);
    window.scrollTo(0, 0);
  };

  const save = async (answers: Record<string, unknown>) => {
    const data = actionData(action, record.data, answers);
    const elsewhere = validate(data, { today, previous: record.data }).errors.filter((e) => !asked.has(errorItem(e.path)));
    if (elsewhere.length) return fail({ kind: "elsewhere", errors: elsewhere });
    setSaving(true);
    setProblem(null);
    setServerErrors([]);
    try {
      await api.update(collection, record.id, record.revision, data);
      navigate(caseUrl, { replace: true, state: { saved: doneMessage(action, title || "without an identifier") } });
    } catch (e) {
      setSaving(false);
      if (!(e instanceof ApiError)) {
        console.error(e);
        fail({ kind: "refused", message: "Sorry, there is a problem with the service. Nothing has been saved. Try again later." });
      } else if (e.status === 401) {
        setSession(null);
      } else if (e.status === 412) {
        // Fetched now, to show what the other person changed and carry these answers onto it.
        const latest = await api.get(collection, record.id).catch(() => null);
        setProblem({ kind: "conflict", message: e.message, latest, mine: data });
        requestHeadingFocus();
      } else if (e.status === 422 && e.errors.length) {
        const mine = e.errors.filter((err) => asked.has(errorItem(err.path)));
        const others = e.errors.filter((err) => !asked.has(errorItem(err.path)));
        setServerErrors(mine);
        if (others.length) fail({ kind: "elsewhere", errors: others });
        else setProblem(null);
      } else {
        fail({ kind: "refused", message: e.status >= 500 ? "Sorry, there is a problem with the service. Nothing has been saved. Try again later." : e.message });
      }
    }
  };

  if (problem?.kind === "conflict") {
    return (
      <>
        <BackLink to={caseUrl}>Back to the case</BackLink>
        <ConflictView
          form={form}
          caption={title ? `Case ${title}` : undefined}
          heading="Someone else has changed this case"
          message={problem.message}
          opened={record.data}
          mine={problem.mine}
          latest={problem.latest}
          onCarryOver={(merged) => (problem.latest ? onCarryOver(problem.latest, merged) : onReload())}
          onDiscard={() => {
            requestHeadingFocus();
            onReload();
          }}
          reloading={reloading}
        />
      </>
    );
  }

  return (
    <>
      <BackLink to={caseUrl}>Back to the case</BackLink>
      {problem?.kind === "refused" ? (
        <ErrorSummary description={problem.message} focusKey={attempt} />
      ) : problem?.kind === "elsewhere" ? (
        <ErrorSummary
          title="Other answers in this case need changing first"
          description={
            <>
              This case cannot be saved until these are fixed: {problem.errors.map((e) => `${labelOf(form, errorItem(e.path))}: ${e.message}`).join("; ")}.{" "}
              <Link to={`${caseUrl}/edit`}>Edit the case</Link> to fix them.
            </>
          }
          focusKey={attempt}
        />
      ) : null}
      <PageHeading caption={title ? `Case ${title}` : undefined}>{action.title}</PageHeading>
      <CaseContext form={form} record={record} />
      {carried ? (
        <InsetText>
          <p>This is the latest version of the case, with the other person&apos;s changes and your answers added. Check your answers, then {action.title.toLowerCase()}.</p>
        </InsetText>
      ) : null}
      <CaseForm
        form={limited}
        validate={checkAsked}
        initialData={carried ?? { ...record.data, ...action.sets }}
        writerRole={permissions?.writerRole ?? null}
        serverErrors={serverErrors}
        today={today}
        onSubmit={(answers) => void (saving ? undefined : save(answers))}
        submitLabel={action.title}
      />
    </>
  );
}

/** Which case this is, in brief: its kind and its owner, so the questions are answered about the right one. */
function CaseContext({ form, record }: { form: CompiledForm; record: CaseRecord }) {
  const kind = captionItem(form);
  const caption = recordCaption(form, record.data);
  const rows: [string, string][] = [
    ...(kind && caption ? [[kind.label, caption] as [string, string]] : []),
    [(record.owner.type ?? form.ownerOrganisationType).toUpperCase(), `${record.owner.name} (${record.owner.code})`],
  ];
  return (
    <dl className="nhsuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="nhsuk-summary-list__row" key={key}>
          <dt className="nhsuk-summary-list__key">{key}</dt>
          <dd className="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
