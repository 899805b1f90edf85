/**
 * The NHS.UK theme for RJSF 6: templates and widgets in nhsuk-frontend 10 markup, with no
 * inline styles or scripts (the server's Content-Security-Policy forbids both).
 */
import { withTheme } from "@rjsf/core";
import type { RJSFSchema } from "@rjsf/utils";
import type { RecordData } from "../types.ts";
import { CheckboxesWidget, RadioWidget } from "./choices.tsx";
import { ArrayFieldItemTemplate, ArrayFieldTemplate, ObjectFieldTemplate, SubmitButton } from "./containers.tsx";
import { DateWidget } from "./DateWidget.tsx";
import { ErrorListTemplate } from "./ErrorListTemplate.tsx";
import { FieldTemplate } from "./FieldTemplate.tsx";
import { BaseInputTemplate, SelectWidget, TextareaWidget, TextWidget, UriWidget } from "./inputs.tsx";
import type { NhsFormContext } from "./shared.tsx";

export type { NhsFormContext } from "./shared.tsx";
export { ERROR_SUMMARY_ID } from "./ErrorListTemplate.tsx";
export { characterCountMessage, inputWidthClass } from "./inputs.tsx";
export { focusAnswer } from "./shared.tsx";

export const nhsWidgets = {
  TextWidget,
  URLWidget: UriWidget,
  TextareaWidget,
  RadioWidget,
  CheckboxesWidget,
  SelectWidget,
  nhsDate: DateWidget,
};

export const nhsTemplates = {
  FieldTemplate,
  ErrorListTemplate,
  BaseInputTemplate,
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  ButtonTemplates: { SubmitButton },
};

/** RJSF's Form with the NHS theme. */
export const NhsForm = withTheme<RecordData, RJSFSchema, NhsFormContext>({ templates: nhsTemplates, widgets: nhsWidgets });
