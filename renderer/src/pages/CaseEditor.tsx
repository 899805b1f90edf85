/**
 * Adding and editing a case: the form, then "Check your answers", then saving. Each step is
 * its own browser history entry (`?step=check`), so Back and Forward move between them. The
 * answers are kept as they are typed (draft-keeper.ts): a reload, an ended session or another
 * browser brings them back, and leaving with unsaved changes asks first. Server refusals come
 * back here: 422 to the form with the errors on their fields, 412 (someone else saved first)
 * as a conflict with a way to reload, 401 to the sign-in page with the answers kept, 403 and
 * others as a message.
 *
 * A version whose layout is `pages` starts from a task list instead of the form, with one page
 * per section (`?step=section&section=<id>`, SectionSteps.tsx); "Save and continue" on a
 * section's page goes back to where the page was opened from (the task list, or Check your
 * answers after a "Change" link), as the form's Continue and the check step's Back do.
 */
import { type MouseEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useBlocker, useLocation, useNavigate, useParams, useSearchParams, type Blocker } from "react-router";
import { type CompiledForm, type RecordValidator, todayInLondon } from "../../../engine/runtime/index.ts";
import { ApiError, api, type CaseRecord, type DraftListBody, type FieldError } from "../api.ts";
import { AnswersSummary, CaseForm, cleanData, ERROR_SUMMARY_ID, fieldId, focusAnswer, initialData, loadValidator } from "../form/index.ts";
import { arrivedDrafts, arrivedEditor, loadCollection, loadForm, useAsync } from "./data.ts";
import {
  currentNewDraftKey,
  forgetLocalDraft,
  isNewDraftKey,
  newDraftKey,
  readLocalDraft,
  setCurrentNewDraftKey,
  stableJson,
  useDraftKeeper,
  whenChanged,
} from "./draft-keeper.ts";
import { recordTitle } from "./format.ts";
import { ConflictView } from "./ConflictView.tsx";
import { madeOnOlderRevision, StaleDraft } from "./StaleDraft.tsx";
import { focusIsIn, settleFocus } from "./settle-focus.ts";
import { pagedSections, rememberSavedSections, savedSections, sectionOf, taskList } from "./sections.ts";
import { SectionPage, TaskListPage } from "./SectionSteps.tsx";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { BackButton, BackLink, ClosedOrganisation, ErrorSummary, InsetText, Loading, PageHeading, requestHeadingFocus, usePageTitle, useSession, type Session } from "./shared.tsx";

type Mode = "create" | "edit";
type Data = Record<string, unknown>;

/** Where the editor's answers start from. */
interface Start {
  key: string;
  /** Unsaved answers to start from; null to start from the record (or a new case's defaults). */
  data: Data | null;
  /** When those answers were last changed. */
  changedAt: string | null;
  basedOnRevision: number | null;
  /** The answers are the server's draft (and not this tab's own): ask before using them. */
  ask: boolean;
  onServer: boolean;
  /**
   * Answers made on an older revision, after the conflict page: "merged" onto the latest
   * version, or "unmerged" when that revision's answers could not be known.
   */
  carried?: "merged" | "unmerged";
}

/** The reason given on the sign-in page when a save found the session ended (SignIn.tsx). */
export const ANSWERS_KEPT_REASON = "answers_kept";

let generation = 0;

export function CaseEditor({ mode }: { mode: Mode }) {
  const { collection = "", id = "" } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const [reloaded, setReloaded] = useState(false);
  // The user's answer to "continue or discard?", for the page as loaded then (a reload starts afresh).
  const [chosen, setChosen] = useState<{ generation: number; start: Start } | null>(null);
  const reloadedRef = useRef(false);
  const [discarding, setDiscarding] = useState(false);
  // After a conflict: this user's answers carried onto the latest version, to start the form from.
  const carriedRef = useRef<Data | null>(null);
  // Read when the page opens: a link from the list of drafts names the draft to carry on with.
  const requested = useRef(params.get("draft"));
  const state = useAsync(async () => {
    let record: CaseRecord | null = null;
    let form: CompiledForm;
    if (mode === "create") form = (await loadCollection(collection)).current;
    else {
      record = await api.get(collection, id);
      form = await loadForm(collection, record.version);
    }
    const refused = refusal(mode, collection, form, record, session);
    const start = refused ? null : reloadedRef.current && record ? carriedStart(record, carriedRef.current) : await findStart(mode, collection, record, requested.current);
    return { form, record, start, validate: await loadValidator(form), generation: ++generation };
  }, [mode, collection, id], () => {
    // Opened by its address: the page fetched the form, its validator, the user's drafts and
    // the case to edit before the first render (first-page.ts), so the form is drawn at once.
    const ready = arrivedEditor(collection, mode === "create" ? null : id);
    const drafts = arrivedDrafts();
    if (!ready || !drafts) return undefined;
    const start = refusal(mode, collection, ready.form, ready.record, session) ? null : startFrom(mode, collection, ready.record, requested.current, drafts);
    return { ...ready, start, generation: ++generation };
  });
  const blocked = state.data ? refusal(mode, collection, state.data.form, state.data.record, session) : null;
  const start = (chosen && chosen.generation === state.data?.generation ? chosen.start : state.data?.start) ?? null;
  const asking = !blocked && start?.ask === true;
  usePageTitle(state.status === "error" || blocked || asking ? null : mode === "create" ? "Add a case" : "Edit case");

  if (state.status === "error") return <ErrorView error={state.error} what="Case" />;
  if (!state.data || !start && !blocked) return <Loading />;
  const { form, record, validate } = state.data;
  if (blocked || !start) return <Refused mode={mode} form={form} record={record} collection={collection} reason={blocked ?? "not_editor"} session={session} />;
  if (start.ask) {
    return (
      <DraftChoice
        mode={mode}
        form={form}
        record={record}
        start={start}
        onContinue={() => {
          // The form replaces the question at the same address: its heading takes focus, or focus would be lost.
          requestHeadingFocus();
          setChosen({ generation: state.data!.generation, start: { ...start, ask: false } });
        }}
        onDiscard={async () => {
          try {
            await api.discardDraft(collection, start.key);
          } catch {
            // Gone already, or it will expire by itself.
          }
          requestHeadingFocus();
          setChosen({ generation: state.data!.generation, start: record ? freshStart(record) : { ...freshStart(null), key: newDraftKey() } });
        }}
      />
    );
  }
  if (!start.carried && madeOnOlderRevision(record, start.data, start.basedOnRevision)) {
    const generationNow = state.data.generation;
    return (
      <Column>
        <BackLink to={`/c/${collection}/${record.id}`} />
        <StaleDraft
          form={form}
          caption={recordTitle(form, record.data, "Case")}
          record={record}
          answers={start.data!}
          basedOnRevision={start.basedOnRevision!}
          discarding={discarding}
          onCarryOver={(answers, merged) => {
            requestHeadingFocus();
            const carried = merged ? { basedOnRevision: record.revision, carried: "merged" as const } : { carried: "unmerged" as const };
            setChosen({ generation: generationNow, start: { ...start, data: answers, ask: false, ...carried } });
          }}
          onDiscard={async () => {
            setDiscarding(true);
            try {
              await api.discardDraft(collection, start.key);
            } catch {
              // Gone already, or it will expire by itself.
            }
            forgetLocalDraft(collection, record.id);
            setDiscarding(false);
            requestHeadingFocus();
            setChosen({ generation: generationNow, start: freshStart(record) });
          }}
        />
      </Column>
    );
  }
  const reload = (carried?: Data) => {
    // Starting again from the latest version: this tab's copy of the old answers is dropped.
    if (record) forgetLocalDraft(collection, record.id);
    reloadedRef.current = true;
    carriedRef.current = carried ?? null;
    setReloaded(true);
    state.reload();
  };
  return (
    <EditorSteps
      key={`${state.data.generation}:${start.key}:${start.data ? "draft" : "fresh"}`}
      mode={mode}
      collection={collection}
      form={form}
      record={record}
      validate={validate}
      start={start}
      reloaded={reloaded}
      reloading={state.status === "loading"}
      onReload={reload}
    />
  );
}

/** The latest version, with the answers carried onto it (kept at once, as a draft of that version). */
function carriedStart(record: CaseRecord, carried: Data | null): Start {
  return carried ? { ...freshStart(record), data: carried } : freshStart(record);
}

function freshStart(record: CaseRecord | null): Start {
  return { key: record ? record.id : "", data: null, changedAt: null, basedOnRevision: record ? record.revision : null, ask: false, onServer: false };
}

type DraftItem = DraftListBody["items"][number];

/**
 * Which unsaved answers the editor starts from: this tab's own (a reload, or back from
 * signing in) without asking; else the user's draft of this case on the server (without asking
 * when they chose it from their drafts, else after asking); else, adding a case, the newest
 * unsaved new case, after asking. `drafts` is null when they could not be read.
 */
function startFrom(mode: Mode, collection: string, record: CaseRecord | null, requested: string | null, drafts: DraftItem[] | null): Start {
  const key = record ? record.id : isNewDraftKey(requested) ? requested : currentNewDraftKey(collection);
  if (key) {
    const local = readLocalDraft(collection, key);
    if (local) return { key, data: local.data, changedAt: new Date(local.changedAt).toISOString(), basedOnRevision: local.basedOnRevision, ask: false, onServer: false };
    const server = drafts?.find((d) => d.collection === collection && d.key === key);
    if (server) return { key, data: server.data, changedAt: server.updatedAt, basedOnRevision: server.basedOnRevision, ask: requested !== key, onServer: true };
    if (mode === "edit") return freshStart(record);
    return { ...freshStart(null), key };
  }
  const newest = drafts?.find((d) => d.collection === collection && d.recordId === null);
  if (newest) return { key: newest.key, data: newest.data, changedAt: newest.updatedAt, basedOnRevision: null, ask: true, onServer: true };
  return { ...freshStart(null), key: newDraftKey() };
}

async function findStart(mode: Mode, collection: string, record: CaseRecord | null, requested: string | null): Promise<Start> {
  let drafts: DraftItem[] | null = null;
  try {
    drafts = (await api.drafts()).items;
  } catch {
    // Drafts cannot be read: start without them (nothing is lost, they stay on the server).
  }
  return startFrom(mode, collection, record, requested, drafts);
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

/** A refused save; a conflict carries the version saved meanwhile (null when it could not be fetched). */
type Problem = { kind: "conflict"; message: string; latest: CaseRecord | null } | { kind: "refused"; message: string };

/** The editor's steps and the sign-in page sit in the two-thirds column. */
function Column({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

/** The record moved on since the unsaved answers were made: said wherever they are offered or used. */
function StaleDraftWarning({ record, basedOnRevision, children }: { record: CaseRecord | null; basedOnRevision: number | null; children?: ReactNode }) {
  if (!record || basedOnRevision === null || basedOnRevision >= record.revision) return null;
  return (
    <div className="nhsuk-warning-callout" id="draft-stale">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          This case has changed since you made your changes
        </span>
      </h2>
      <p>
        {children ??
          "Someone saved the case after you started changing it. Your unsaved answers do not include what they changed: check every answer before you save, or you may undo their changes."}
      </p>
    </div>
  );
}

/** Unsaved answers from another tab, browser or day: carry on with them, or start again. */
function DraftChoice({
  mode,
  form,
  record,
  start,
  onContinue,
  onDiscard,
}: {
  mode: Mode;
  form: CompiledForm;
  record: CaseRecord | null;
  start: Start;
  onContinue(): void;
  onDiscard(): Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const title = `You have unsaved changes from ${start.changedAt ? whenChanged(start.changedAt) : "earlier"}`;
  usePageTitle(title);
  const caption = record ? recordTitle(form, record.data, "Case") : "Add a case";
  const what = record ? "You changed this case but did not save your changes." : `You started adding a case${start.data ? ` (${recordTitle(form, start.data, "no identifier yet")})` : ""} but did not save it.`;
  return (
    <Column>
      <BackLink to={record ? `/c/${form.collection.id}/${record.id}` : `/c/${form.collection.id}`} />
      <PageHeading caption={caption}>{title}</PageHeading>
      <p className="nhsuk-body">{what} Only you can see these changes.</p>
      <StaleDraftWarning record={record} basedOnRevision={start.basedOnRevision}>
        Someone saved the case after you started changing it. If you continue with your changes, you will see what they changed, and your changes will be added to the latest
        version of the case.
      </StaleDraftWarning>
      <div className="nhsuk-button-group">
        <button className="nhsuk-button" type="button" onClick={onContinue} disabled={busy}>
          Continue with them
        </button>
        <button
          className="nhsuk-button nhsuk-button--secondary"
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onDiscard();
          }}
        >
          Discard them
        </button>
      </div>
      {mode === "create" ? null : <p className="nhsuk-body">If you discard them, you will start from the case as it is saved now.</p>}
    </Column>
  );
}

/** Asked before leaving the page with unsaved changes (a link, the header, the browser's Back). */
/** Where focus was when leaving was asked for: the element, and how to find it again if it is drawn anew. */
interface FocusOrigin {
  element: Element | null;
  href: string | null;
  text: string;
}

function focusOrigin(): FocusOrigin {
  const element = document.activeElement;
  return { element, href: element?.getAttribute("href") ?? null, text: element?.textContent ?? "" };
}

function LeaveQuestion({ blocker, origin, onKeep, onDiscard }: { blocker: Blocker; origin: FocusOrigin | null; onKeep(): Promise<boolean>; onDiscard(): Promise<void> }) {
  const first = useRef<HTMLButtonElement>(null);
  // What had focus when the question was asked (the link that would have left): staying goes back there.
  const returnTo = useRef<FocusOrigin | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    // Noted when the navigation was blocked: by the time this question is drawn (later, on a busy
    // machine) focus may have left the link.
    returnTo.current = origin && origin.element !== document.body ? origin : focusOrigin();
    first.current?.focus();
    first.current?.scrollIntoView({ block: "center" });
  }, []);
  if (blocker.state !== "blocked") return null;
  const stay = () => {
    blocker.reset();
    // After the page has drawn again: the link that asked to leave may have been drawn anew
    // meanwhile (an autosave re-renders the page), so it is found again by where it leads.
    const asked = returnTo.current;
    if (!asked) return;
    const target = () => {
      const same = asked.element instanceof HTMLElement && asked.element !== document.body && asked.element.isConnected ? asked.element : null;
      return same ?? (asked.href === null ? null : ([...document.querySelectorAll<HTMLElement>("a[href]")].find((a) => a.getAttribute("href") === asked.href && a.textContent === asked.text) ?? null));
    };
    settleFocus(
      () => document.querySelector(".app-leave-question") === null && target() !== null && document.activeElement === target(),
      () => {
        const element = target();
        element?.focus();
        return element !== null;
      },
    );
  };
  return (
    <div
      className="nhsuk-warning-callout app-leave-question"
      role="alertdialog"
      aria-labelledby="leave-question-title"
      aria-describedby="leave-question-text"
      onKeyDown={(event) => {
        if (event.key === "Escape") stay();
      }}
    >
      <h2 className="nhsuk-warning-callout__label" id="leave-question-title">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          You have not saved your changes
        </span>
      </h2>
      <p id="leave-question-text">
        If you leave this page, your changes will not be part of the case. You can keep them as a draft that only you can see, to come back to later, or discard them.
      </p>
      {failed ? <p className="nhsuk-error-message">Your changes could not be kept as a draft. Stay on this page and try again.</p> : null}
      <div className="nhsuk-button-group nhsuk-u-margin-bottom-0">
        <button ref={first} className="nhsuk-button nhsuk-u-margin-bottom-0" type="button" disabled={busy} onClick={stay}>
          Stay on this page
        </button>
        <button
          className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onKeep().then((kept) => {
              if (kept) blocker.proceed();
              else {
                setBusy(false);
                setFailed(true);
              }
            });
          }}
        >
          Keep them as a draft and leave
        </button>
        <button
          className="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0"
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onDiscard().then(() => blocker.proceed());
          }}
        >
          Discard them and leave
        </button>
      </div>
    </div>
  );
}

interface StepsProps {
  mode: Mode;
  collection: string;
  form: CompiledForm;
  record: CaseRecord | null;
  validate: RecordValidator;
  start: Start;
  reloaded: boolean;
  reloading: boolean;
  /** Opens the latest version, from these answers when given (a conflict's merge). */
  onReload(carried?: Data): void;
}

function EditorSteps({ mode, collection, form, record, validate, start, reloaded, reloading, onReload }: StepsProps) {
  const { permissions, setSession } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const [today] = useState(() => {
    // Started again from the latest version after a conflict: the new form's heading takes focus.
    if (reloaded) requestHeadingFocus();
    return todayInLondon();
  });
  const [baseline] = useState<Data>(() => (record ? record.data : initialData(form, today)));
  const baselineJson = useMemo(() => stableJson(cleanData(form, baseline)), [form, baseline]);
  const differs = useCallback((answers: Data) => stableJson(cleanData(form, answers)) !== baselineJson, [form, baselineJson]);
  /** The answers as they stand (the form reports every change); the form starts from them whenever it is shown. */
  const latest = useRef<Data>(start.data ?? baseline);
  /** Set when leaving on purpose (saved, kept for later, signed out): nothing to ask. */
  const leaving = useRef(false);
  /** This page added the check step's history entry, so going back to the form is the browser's Back. */
  const pushedCheck = useRef(false);
  const signedOut = useCallback(() => {
    leaving.current = true;
    setSession(null, ANSWERS_KEPT_REASON);
  }, [setSession]);
  const keeper = useDraftKeeper({
    collection,
    key: start.key,
    version: form.version,
    basedOnRevision: record ? (start.basedOnRevision ?? record.revision) : null,
    differs,
    onServerAlready: start.onServer,
    // The server's draft as it is (not answers carried onto a newer version after a conflict).
    serverHolds: start.onServer && !start.carried ? start.data : null,
    onSignedOut: signedOut,
  });
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  // A "Change" link from the case page names its field in the address (/edit#root_item): start there.
  const [changing, setChanging] = useState<string | null>(() => {
    const target = decodeURIComponent(window.location.hash.slice(1));
    return isFieldOf(form, target) ? target : null;
  });

  // A version drawn as pages: its sections, and those the user has saved on their own page.
  const sections = useMemo(() => pagedSections(form), [form]);
  const [savedOnes, setSavedOnes] = useState(() => savedSections(collection, start.key));
  /** This page added the section page's history entry, so leaving it is the browser's Back. */
  const pushedSection = useRef(false);

  useEffect(() => {
    if (mode === "create") setCurrentNewDraftKey(collection, start.key);
    // Restored answers are kept again at once (here, and on the server when it can be told).
    if (start.data) keeper.change(start.data);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, for the answers the page opened with

  const withStep = (step: "check" | "section" | null, section?: string) => {
    const next = new URLSearchParams(params);
    next.delete("section");
    if (step) next.set("step", step);
    else next.delete("step");
    if (step === "section" && section) next.set("section", section);
    const query = next.toString();
    return `${pathname}${query ? `?${query}` : ""}`;
  };
  const formUrl = withStep(null);

  // The check step shows the answers as they stand, whichever way it was reached (Continue,
  // Forward, a reload): if they do not pass, the form is shown instead.
  const wantsCheck = params.get("step") === "check";
  const checked = useMemo(() => {
    if (!wantsCheck) return null;
    const clean = cleanData(form, latest.current);
    return validate(clean, { today, ...(record ? { previous: record.data } : {}) }).valid ? clean : null;
  }, [wantsCheck, form, validate, today, record]);
  useEffect(() => {
    if (wantsCheck && !checked) navigate(formUrl, { replace: true });
  }, [wantsCheck, checked, formUrl, navigate]);

  // Drawn as pages: the task list (the form step's address) and one page per section
  // (?step=section&section=<id>), each with the answers as they stand.
  const tasks = sections && !checked ? taskEntries() : null;
  const wantsSection = sections !== null && !checked && params.get("step") === "section";
  const pageSection = wantsSection ? (tasks?.find((t) => t.section.id === params.get("section") && t.status !== "cannot_start")?.section ?? null) : null;
  useEffect(() => {
    // An unknown section, or one with nothing to ask for these answers: the task list instead.
    if (wantsSection && !pageSection) navigate(formUrl, { replace: true });
  }, [wantsSection, pageSection, formUrl, navigate]);
  const step = checked ? "check" : pageSection ? "section" : tasks ? "tasks" : "form";

  function taskEntries() {
    const clean = cleanData(form, latest.current);
    const errors = validate(clean, { today, maxErrors: Number.MAX_SAFE_INTEGER, ...(record ? { previous: record.data } : {}) }).errors;
    // The server's refusals count too, until the section they are about is saved again.
    return taskList(form, latest.current, [...errors, ...serverErrors], { untouched: record ? {} : baseline, saved: savedOnes });
  }

  const leaveAskedFrom = useRef<FocusOrigin | null>(null);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    const ask = !leaving.current && currentLocation.pathname !== nextLocation.pathname && nextLocation.pathname !== "/sign-in" && keeper.unsaved();
    if (ask) leaveAskedFrom.current = focusOrigin();
    return ask;
  });
  useEffect(() => {
    // Closing or reloading the tab: the browser asks only while the server lacks the latest answers.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving.current || !keeper.unsentChanges()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [keeper]);

  const title = record ? recordTitle(form, record.data, "Case") : undefined;
  const heading = mode === "create" ? "Add a case" : "Edit case";
  const caseUrl = record ? `/c/${collection}/${record.id}` : `/c/${collection}`;
  const formErrors = useErrorSummaryIn(step === "form" || step === "section");
  const [tasksLeft, setTasksLeft] = useState(0);
  const conflictHeading = "Someone else has changed this case";
  usePageTitle(
    step === "form" || step === "tasks"
      ? heading
      : step === "section" && pageSection
        ? `${pageSection.title} - ${heading}`
        : problem?.kind === "conflict"
          ? conflictHeading
          : "Check your answers before saving",
    step === "form" ? formMessage !== null || formErrors.shown : step === "tasks" ? formMessage !== null || (tasksLeft > 0 && tasks!.some((t) => t.errors.length > 0)) : step === "section" ? formErrors.shown : problem?.kind === "refused",
  );

  useEffect(() => {
    // Drawn as pages, a "Change" link from the case page (/edit#root_item) opens the item's section.
    if (!sections || changing === null || params.get("step")) return;
    const section = sectionOf(form, itemOfField(form, changing) ?? "");
    if (section) navigate(withStep("section", section.id), { replace: true });
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, for the address the page opened with

  useEffect(() => {
    if ((step !== "form" && step !== "section") || changing === null) return;
    const target = changing;
    setChanging(null);
    // The question may be drawn a few renders later (a section page after the address changes),
    // and the page's heading takes focus for a new address: settle it on the question.
    settleFocus(
      () => focusIsIn(target),
      () => focusAnswer(target),
    );
  }, [step, changing]);

  const toForm = () => {
    if (pushedCheck.current) {
      pushedCheck.current = false;
      navigate(-1);
    } else navigate(formUrl, { replace: true });
    window.scrollTo(0, 0);
  };

  // "Change" links on the check step go to the form step's URL with the field's id as the
  // fragment (AnswersSummary adds it): go back to the form and put the user in that field.
  // Drawn as pages, the link names the section's page instead: it opens as a new step, so
  // saving that section comes back here (the browser's Back).
  const onChangeLink = (event: MouseEvent<HTMLDivElement>) => {
    const link = (event.target as HTMLElement).closest("a");
    const target = link?.hash ? decodeURIComponent(link.hash.slice(1)) : "";
    if (!link || link.pathname !== window.location.pathname || !isFieldOf(form, target)) return;
    event.preventDefault();
    setChanging(target);
    if (!sections) return toForm();
    pushedSection.current = true;
    navigate(`${link.pathname}${link.search}`);
  };

  /** Leaves a section's page the way it was reached: back to the task list, or to the check step. */
  const leaveSection = () => {
    if (pushedSection.current) {
      pushedSection.current = false;
      navigate(-1);
    } else navigate(formUrl, { replace: true });
    window.scrollTo(0, 0);
  };

  const sectionDone = (sectionId: string, answers: Data) => {
    latest.current = answers;
    const section = sections?.find((s) => s.id === sectionId);
    if (section) setServerErrors((errors) => errors.filter((e) => !section.items.includes(e.path.split("/")[1] ?? "")));
    setFormMessage(null);
    setTasksLeft(0);
    const next = new Set(savedOnes).add(sectionId);
    setSavedOnes(next);
    rememberSavedSections(collection, start.key, next);
    // Leaving the section: the answers go to the server now rather than in a moment.
    void keeper.flush();
    leaveSection();
  };

  /** "Check your answers" on the task list: on to the check step when nothing is left to do. */
  const checkAnswers = () => {
    const clean = cleanData(form, latest.current);
    // A section with nothing wrong may still say "Not yet started" (all its questions optional): it does not hold the user back.
    const left = (tasks ?? []).filter((t) => t.errors.length > 0).length;
    if (left === 0 && validate(clean, { today, ...(record ? { previous: record.data } : {}) }).valid) {
      setTasksLeft(0);
      toCheck(clean);
      return;
    }
    setTasksLeft((n) => n + 1);
  };

  const toCheck = (answers: Data) => {
    latest.current = answers;
    setProblem(null);
    setServerErrors([]);
    setFormMessage(null);
    // Leaving the form step: the answers go to the server now rather than in a moment.
    void keeper.flush();
    pushedCheck.current = true;
    navigate(withStep("check"));
    window.scrollTo(0, 0);
  };

  const onChange = (answers: Data) => {
    latest.current = answers;
    keeper.change(answers);
  };

  const [keeping, setKeeping] = useState(false);
  const saveForLater = async () => {
    setKeeping(true);
    keeper.change(latest.current);
    const kept = await keeper.flush();
    if (leaving.current) return; // signed out meanwhile: the sign-in page says the answers are kept
    if (!kept) {
      setKeeping(false);
      setAttempt((n) => n + 1);
      setFormMessage("Your answers could not be kept as a draft. Try again, or continue and save the case.");
      return;
    }
    leaving.current = true;
    keeper.forgetLocal();
    navigate(`/c/${collection}`, { state: { draftKept: true } });
  };

  const save = async () => {
    if (!checked) return;
    setSaving(true);
    try {
      const saved = record ? await api.update(collection, record.id, record.revision, checked) : await api.create(collection, checked, start.key);
      leaving.current = true;
      keeper.forgetLocal();
      rememberSavedSections(collection, start.key, new Set());
      navigate(`/c/${collection}/${saved.id}`, { replace: true, state: { saved: record ? "updated" : "added" } });
    } catch (e) {
      setSaving(false);
      setAttempt((n) => n + 1);
      if (!(e instanceof ApiError)) {
        console.error(e);
        setProblem({ kind: "refused", message: "Sorry, there is a problem with the service. Your answers have not been saved. Try again later." });
      } else if (e.status === 401) {
        // The answers are in this tab's storage: after signing in, the page comes back to them.
        signedOut();
      } else if (e.status === 422) {
        setServerErrors(e.errors);
        setFormMessage(e.message);
        toForm();
      } else if (e.status === 412) {
        // Fetched now, to show what the other person changed and carry these answers onto it.
        const latestRecord = record ? await api.get(collection, record.id).catch(() => null) : null;
        setProblem({ kind: "conflict", message: e.message, latest: latestRecord });
        requestHeadingFocus();
      } else if (e.status >= 500) {
        setProblem({ kind: "refused", message: "Sorry, there is a problem with the service. Your answers have not been saved. Try again later." });
      } else {
        setProblem({ kind: "refused", message: e.message });
      }
    }
  };

  const leaveQuestion =
    blocker.state === "blocked" ? (
      <LeaveQuestion
        blocker={blocker}
        origin={leaveAskedFrom.current}
        onKeep={async () => {
          keeper.change(latest.current);
          const kept = await keeper.flush();
          if (kept) keeper.forgetLocal();
          return kept;
        }}
        onDiscard={() => keeper.discard()}
      />
    ) : null;
  const restoredAt = start.data && !reloaded && start.carried !== "merged" ? start.changedAt : null;
  const notices = (
    <>
      {(reloaded || start.carried === "merged") && record ? (
        <InsetText>
          <p>
            {start.data
              ? "This is the latest version of the case, with the other person's changes and yours added. Check the answers, then save the case."
              : "This is the latest version of the case, with the other person's changes. Make your changes again, then save them."}
          </p>
        </InsetText>
      ) : null}
      {restoredAt ? (
        <InsetText>
          <p>These are your unsaved answers from {whenChanged(restoredAt)}. Only you can see them until you save the case.</p>
        </InsetText>
      ) : null}
      <StaleDraftWarning record={record} basedOnRevision={start.data ? start.basedOnRevision : null} />
    </>
  );
  const keepButton = (
    <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => void saveForLater()} disabled={keeping}>
      Save and come back later
    </button>
  );

  if (step === "tasks" && tasks) {
    return (
      <Column>
        <BackLink to={caseUrl} />
        {leaveQuestion}
        <TaskListPage
          caption={title}
          heading={heading}
          entries={tasks}
          message={formMessage}
          tried={tasksLeft}
          attempt={attempt}
          notices={notices}
          hrefOf={(id) => withStep("section", id)}
          onOpen={() => {
            pushedSection.current = true;
          }}
          onCheck={checkAnswers}
        />
        {keepButton}
      </Column>
    );
  }

  if (step === "section" && pageSection) {
    return (
      <Column>
        <BackButton onClick={leaveSection} />
        {leaveQuestion}
        <SectionPage
          key={pageSection.id}
          caption={title ?? heading}
          form={form}
          section={pageSection}
          validate={validate}
          answers={latest.current}
          writerRole={permissions?.writerRole ?? null}
          serverErrors={serverErrors}
          today={today}
          errorsRef={formErrors.ref}
          onChange={onChange}
          onDone={(answers) => sectionDone(pageSection.id, answers)}
        />
        {keepButton}
      </Column>
    );
  }

  if (!checked) {
    return (
      <Column>
        <BackLink to={caseUrl} />
        {leaveQuestion}
        {formMessage !== null && serverErrors.length === 0 ? <ErrorSummary description={formMessage} focusKey={attempt} /> : null}
        <PageHeading caption={title}>{heading}</PageHeading>
        {notices}
        <div ref={formErrors.ref}>
          <CaseForm
            form={form}
            validate={validate}
            initialData={latest.current}
            writerRole={permissions?.writerRole ?? null}
            serverErrors={serverErrors}
            today={today}
            onSubmit={toCheck}
            onChange={onChange}
            submitLabel="Continue"
            {...(formMessage !== null && serverErrors.length > 0 && !serverErrors.every((e) => e.message === formMessage) ? { errorTitle: formMessage } : {})}
          />
        </div>
        {keepButton}
      </Column>
    );
  }

  return (
    <Column>
      <BackButton onClick={toForm} />
      {leaveQuestion}
      {problem?.kind === "refused" ? <ErrorSummary description={problem.message} focusKey={attempt} /> : null}
      {problem?.kind === "conflict" && record ? (
        <ConflictView
          form={form}
          caption={title}
          heading={conflictHeading}
          message={problem.message}
          opened={record.data}
          mine={checked}
          latest={problem.latest}
          onCarryOver={(merged) => {
            // The latest version opens on the form step with these answers added, as a case does.
            leaving.current = true;
            toForm();
            onReload(merged);
          }}
          onDiscard={() => {
            leaving.current = true;
            keeper.discard();
            navigate(caseUrl, { replace: true });
          }}
          reloading={reloading}
        />
      ) : (
        <>
          <PageHeading caption={title}>Check your answers before saving</PageHeading>
          {/* Delegated: a "Change" link goes back to the form step and puts the user in its field. */}
          <div onClick={onChangeLink}>
            <AnswersSummary form={form} data={checked} changeHref={(key) => (sections ? withStep("section", sectionOf(form, key)?.id) : formUrl)} />
          </div>
          <button className="nhsuk-button" type="button" onClick={save} disabled={saving}>
            Save case
          </button>
        </>
      )}
    </Column>
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

/**
 * True when an element id is one of the form's fields (see the form module's fieldId). Drawn
 * as pages, a group entry's field counts too: its link must open the group's section.
 */
function isFieldOf(form: CompiledForm, id: string): boolean {
  if (pagedSections(form)) return itemOfField(form, id) !== undefined;
  return form.items.some((item) => {
    const field = fieldId([item.key]);
    return id === field || id.startsWith(`${field}-`);
  });
}

/** The top-level item whose field (or a part of it: a date's day box, a group's entry) has this id. */
function itemOfField(form: CompiledForm, id: string): string | undefined {
  // The longest match: root_plan_status_x belongs to plan_status_x, not to plan_status.
  let found: string | undefined;
  for (const item of form.items) {
    const field = fieldId([item.key]);
    if ((id === field || id.startsWith(`${field}-`) || id.startsWith(`${field}_`)) && (!found || item.key.length > found.length)) found = item.key;
  }
  return found;
}
