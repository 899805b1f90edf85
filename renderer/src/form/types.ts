/**
 * The contract between the form module (RJSF theme, validation, summaries) and the pages.
 * Pages never build form markup themselves; the form module never calls the API.
 */
import type { CompiledForm, RecordValidator, WriterRole } from "../../../engine/runtime/index.ts";
import type { FieldError } from "../api.ts";

export type RecordData = Record<string, unknown>;

export interface CaseFormProps {
  form: CompiledForm;
  /** The engine's validator for this version (see load-validator.ts). */
  validate: RecordValidator;
  /** Starting answers: the stored record's data, or initialData(form, today) for a new record. */
  initialData: RecordData;
  /** The signed-in user's writer role; items they may not write are shown read-only. */
  writerRole: WriterRole | null;
  /** Errors from the server (a 422): shown on their fields and in the error summary. */
  serverErrors?: FieldError[];
  /** Calendar date used by the rules that compare with today. */
  today: string;
  /** Called with cleaned data (trimmed text; blank and hidden items removed) once it passes validation. */
  onSubmit(data: RecordData): void;
  /** Called with the answers as they stand (not cleaned or checked) after every change, for keeping them. */
  onChange?(data: RecordData): void;
  submitLabel?: string;
  /** Shown under the error summary title; defaults to "There is a problem". */
  errorTitle?: string;
}

export interface AnswersSummaryProps {
  form: CompiledForm;
  data: RecordData;
  /**
   * When given, each row gets a "Change" link to this URL (with the field's id as the
   * fragment); a row whose item gives undefined gets none.
   */
  changeHref?(itemKey: string): string | undefined;
  /** Show items with no answer as "Not answered" (default true). */
  showEmpty?: boolean;
}
