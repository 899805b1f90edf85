/**
 * The form module: everything the pages need to show, check and summarise a record of any
 * collection, driven by its compiled form. The pages never build form markup themselves, and
 * this module never calls the API (see types.ts for the contract).
 */
export type { AnswersSummaryProps, CaseFormProps, RecordData } from "./types.ts";
export { CaseForm } from "./CaseForm.tsx";
export { AnswersSummary } from "./AnswersSummary.tsx";
export { AnswerValue } from "./AnswerValue.tsx";
export { loadValidator, validatorUrl } from "./load-validator.ts";
export { cleanData, initialData } from "../../../engine/runtime/index.ts";
export { choiceLabel, formatAnswer, itemAt, NOT_ANSWERED } from "./answers.ts";
export { answerTargetId, fieldId } from "./field-ids.ts";
export { dateParts, isoFromParts, type DateParts } from "./date-parts.ts";
export { displaySchema, type DisplaySchema } from "./display-schema.ts";
export { createRjsfValidator, toErrorSchema } from "./rjsf-validator.ts";
export { errorItem, limitForm } from "./limit-form.ts";
export { ERROR_SUMMARY_ID, focusAnswer } from "./theme/index.ts";
