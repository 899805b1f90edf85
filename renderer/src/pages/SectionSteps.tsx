/**
 * The two steps of a form drawn as pages (layout `pages`): the task list the journey starts
 * from, and one section's page. CaseEditor owns the journey (history, drafts, saving); these
 * draw a step from what it hands them.
 */
import { type ReactNode, type RefObject, useMemo } from "react";
import type { CompiledForm, CompiledSection, RecordValidator, WriterRole } from "../../../engine/runtime/index.ts";
import type { FieldError } from "../api.ts";
import { CaseForm } from "../form/index.ts";
import { inSection, sectionForm, sectionValidator, type TaskListEntry } from "./sections.ts";
import { ErrorSummary, PageHeading } from "./shared.tsx";
import { TaskList, taskLinkId } from "./TaskList.tsx";

type Data = Record<string, unknown>;

/** "Plan details" → "plan details"; an initialism stays as it is ("DHR details"). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Each problem once, leading to the task list's link of its section. */
function refusals(entries: readonly TaskListEntry[]): { text: string; target: string }[] {
  const seen = new Set<string>();
  return entries.flatMap((e) =>
    e.errors.flatMap((error) => {
      const key = `${e.section.id}\u0000${error.message}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ text: error.message, target: taskLinkId(e.section.id) }];
    }),
  );
}

export function TaskListPage({
  caption,
  heading,
  entries,
  message,
  tried,
  attempt,
  notices,
  hrefOf,
  onOpen,
  onCheck,
}: {
  caption: string | undefined;
  heading: string;
  entries: readonly TaskListEntry[];
  /** A refusal to show above everything (the server's, after a save). */
  message: string | null;
  /** How many times "Check your answers" found sections left to do (0: not tried). */
  tried: number;
  attempt: number;
  notices: ReactNode;
  hrefOf(sectionId: string): string;
  onOpen(): void;
  onCheck(): void;
}) {
  const left = entries.filter((e) => e.errors.length > 0);
  const refused = message !== null ? refusals(left) : [];
  // The server's message often is its one problem's: said once, as the link.
  const description = refused.length > 0 && refused.every((r) => r.text === message) ? undefined : message;
  const completed = entries.filter((e) => e.status === "completed").length;
  return (
    <>
      {message !== null ? (
        // A refusal from the server: its problems, each leading to its section on the list.
        <ErrorSummary description={description} items={refused} focusKey={attempt} />
      ) : tried > 0 && left.length > 0 ? (
        <ErrorSummary
          description="Complete these sections before you check your answers:"
          items={left.map((e) => ({ text: `Complete the ${lowerFirst(e.section.title)} section`, target: taskLinkId(e.section.id) }))}
          focusKey={tried}
        />
      ) : null}
      <PageHeading caption={caption}>{heading}</PageHeading>
      {notices}
      <p className="nhsuk-body" id="task-list-progress">
        You have completed {completed.toLocaleString("en-GB")} of {entries.length.toLocaleString("en-GB")} {entries.length === 1 ? "section" : "sections"}.
      </p>
      <TaskList entries={entries} hrefOf={hrefOf} onOpen={onOpen} />
      <button className="nhsuk-button" type="button" onClick={onCheck}>
        Check your answers
      </button>
    </>
  );
}

export function SectionPage({
  caption,
  form,
  section,
  validate,
  answers,
  writerRole,
  serverErrors,
  today,
  errorsRef,
  onChange,
  onDone,
}: {
  caption: string;
  form: CompiledForm;
  section: CompiledSection;
  validate: RecordValidator;
  /** The whole record's answers as they stand: the page changes only its section's. */
  answers: Data;
  writerRole: WriterRole | null;
  serverErrors: FieldError[];
  today: string;
  /** Wraps the form, so the page can tell when its error summary is showing. */
  errorsRef: RefObject<HTMLDivElement | null>;
  onChange(answers: Data): void;
  /** The section passed its checks: the whole record's answers, cleaned. */
  onDone(answers: Data): void;
}) {
  const shown = useMemo(() => sectionForm(form, section), [form, section]);
  const check = useMemo(() => sectionValidator(validate, section), [validate, section]);
  const own = useMemo(() => serverErrors.filter((e) => inSection(section, e.path)), [serverErrors, section]);
  return (
    <>
      <PageHeading caption={caption}>{section.title}</PageHeading>
      {section.description ? <p className="nhsuk-body">{section.description}</p> : null}
      <div ref={errorsRef}>
        <CaseForm form={shown} validate={check} initialData={answers} writerRole={writerRole} serverErrors={own} today={today} onSubmit={onDone} onChange={onChange} submitLabel="Save and continue" />
      </div>
    </>
  );
}
