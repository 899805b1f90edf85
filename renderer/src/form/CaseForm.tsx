/**
 * The case form: RJSF with the NHS theme, drawn from the compiled form. It holds the answers,
 * shows and hides items by their shown_when conditions as answers change, and on submit runs
 * the engine's validator on the cleaned data: problems go to the error summary (which gets
 * focus) and to their fields; a valid record is handed to onSubmit, cleaned. Errors from the
 * server (a 422) are shown the same way.
 *
 * `initialData` is read when the form mounts: give the component a new `key` to start again
 * from other data (for example after reloading a record that changed).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { IChangeEvent } from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { cleanData } from "../../../engine/runtime/index.ts";
import { displayKey, displaySchema } from "./display-schema.ts";
import { ID_PREFIX, ID_SEPARATOR } from "./field-ids.ts";
import { createRjsfValidator, toErrorSchema } from "./rjsf-validator.ts";
import { ERROR_SUMMARY_ID, NhsForm, type NhsFormContext } from "./theme/index.ts";
import type { CaseFormProps, RecordData } from "./types.ts";

type ChangeEvent = IChangeEvent<RecordData, RJSFSchema, NhsFormContext>;

export function CaseForm(props: CaseFormProps) {
  const { form, validate, writerRole, serverErrors, today, onSubmit, onChange, submitLabel, errorTitle } = props;
  // The stored answers this form started from: retired codes they hold stay allowed.
  const [start] = useState<RecordData>(() => props.initialData);
  const [data, setData] = useState<RecordData>(() => props.initialData);
  const dataRef = useRef(data);
  dataRef.current = data;
  const container = useRef<HTMLDivElement>(null);

  // Re-derived only when what is shown (or required) changes, not on every key press.
  const shownKey = displayKey(form, data);
  const display = useMemo(() => displaySchema(form, dataRef.current, writerRole, { today }), [form, shownKey, writerRole, today]);
  const uiSchema = useMemo<UiSchema<RecordData, RJSFSchema, NhsFormContext>>(
    () => ({ ...display.uiSchema, "ui:submitButtonOptions": { submitText: submitLabel ?? "Save" } }),
    [display, submitLabel],
  );
  const validator = useMemo(() => createRjsfValidator(form, validate, () => ({ today, previous: start })), [form, validate, today, start]);
  const extraErrors = useMemo(() => (serverErrors?.length ? toErrorSchema(serverErrors) : undefined), [serverErrors]);
  const formContext = useMemo<NhsFormContext>(() => ({ form, errorTitle: errorTitle ?? "There is a problem", data: () => dataRef.current }), [form, errorTitle]);

  // Focus moves to the error summary whenever it (re)appears: after a failed submit, and when
  // the server's errors arrive.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (serverErrors?.length) setFocusRequest((n) => n + 1);
  }, [serverErrors]);
  useEffect(() => {
    if (focusRequest) container.current?.querySelector<HTMLElement>(`#${ERROR_SUMMARY_ID}`)?.focus();
  }, [focusRequest]);

  return (
    <div ref={container}>
      <NhsForm
        className="app-case-form"
        schema={display.schema}
        uiSchema={uiSchema}
        formData={data}
        formContext={formContext}
        validator={validator}
        idPrefix={ID_PREFIX}
        idSeparator={ID_SEPARATOR}
        extraErrors={extraErrors}
        noHtml5Validate
        showErrorList="top"
        focusOnFirstError={false}
        experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: "never" } }}
        onChange={(event: ChangeEvent) => {
          setData(event.formData ?? {});
          onChange?.(event.formData ?? {});
        }}
        onError={() => setFocusRequest((n) => n + 1)}
        onSubmit={(event: ChangeEvent) => onSubmit(cleanData(form, event.formData ?? {}))}
      />
    </div>
  );
}
