/**
 * A collection's declared actions over record data: whether one applies to a record, the
 * record an action would save, and its success message. Pure, so the server (which decides
 * who is offered what) and the browser (which builds the record to save) read an action the
 * same way.
 */
import type { CompiledAction, CompiledForm } from "../compile/compiled-form.ts";
import { evaluateCondition, isPresent } from "./conditions.ts";

type RecordData = Record<string, unknown>;

export function findAction(form: CompiledForm, id: string): CompiledAction | undefined {
  return form.collection.actions?.find((a) => a.id === id);
}

/** Whether the action's `when` holds on the record's answers as they stand. */
export function actionApplies(action: CompiledAction, data: Readonly<RecordData>): boolean {
  return !action.when || evaluateCondition(action.when, data);
}

/** Applies, and none of the questions it asks has an answer yet: the record waits for it. */
export function awaitsAction(action: CompiledAction, data: Readonly<RecordData>): boolean {
  return actionApplies(action, data) && action.asks.every((key) => !isPresent(data[key]));
}

/**
 * The record the action saves: the stored answers, the answers it sets, then the answers given
 * to its questions (a question left blank removes the stored answer, as clearing it on the full
 * form would).
 */
export function actionData(action: CompiledAction, stored: Readonly<RecordData>, answers: Readonly<RecordData>): RecordData {
  const data: RecordData = { ...stored, ...action.sets };
  for (const key of action.asks) {
    if (isPresent(answers[key])) data[key] = answers[key];
    else delete data[key];
  }
  return data;
}

/** The action's success message for a record with this title. */
export function doneMessage(action: CompiledAction, recordTitle: string): string {
  return action.done.split("{record}").join(recordTitle);
}
