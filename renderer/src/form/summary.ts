/**
 * The read-only half of the form module (answer summaries and formatting), kept apart from
 * the RJSF form so that pages that only show answers do not load the form library.
 */
export type { AnswersSummaryProps, RecordData } from "./types.ts";
export { AnswersSummary } from "./AnswersSummary.tsx";
export { AnswerValue } from "./AnswerValue.tsx";
export { choiceLabel, formatAnswer, itemAt, NOT_ANSWERED } from "./answers.ts";
