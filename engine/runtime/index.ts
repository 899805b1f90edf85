/**
 * The engine's browser-safe front door: everything that runs over record data with a
 * compiled form in hand (validation, conditions, dates), and the compiled form's types.
 * Nothing reachable from here may use Node: the renderer imports it, and tsconfig.browser.json
 * type-checks it without Node's types.
 */
export type {
  CollectionInfo,
  CompiledAction,
  CompiledChoice,
  CompiledChoiceList,
  CompiledDashboard,
  CompiledList,
  CompiledView,
  CompiledForm,
  CompiledItem,
  CompiledLearning,
  CompiledRecordStatus,
  CompiledRule,
  CompiledSection,
  ErrorSpec,
  ItemMessageTexts,
  JsonSchema,
} from "../compile/compiled-form.ts";
export type { Condition, DateOperator, ItemType, ReaderRole, TagColour, VersionStatus, WriterRole } from "../language/types.ts";
export { READER_ROLES, TAG_COLOURS, WRITER_ROLES } from "../language/types.ts";
export { actionApplies, actionData, awaitsAction, doneMessage, findAction } from "./actions.ts";
export { cleanData, defaultAnswers, entryDefaults, hiddenItemKeys, hiddenItems, initialData, itemsByKey, itemsThatMustBeEmpty, withoutBlankAnswers } from "./answers.ts";
export { conditionItems, describeCondition, evaluateCondition, isPresent } from "./conditions.ts";
export { EARLIEST_DATE, formatLongDate, isIsoDate, LATEST_DATE, todayInLondon } from "./dates.ts";
export {
  createRecordValidator,
  itemPathOf,
  type RecordValidator,
  type SchemaError,
  type SchemaValidateFunction,
  type ValidationContext,
  type ValidationError,
  type ValidationResult,
} from "./validate.ts";
