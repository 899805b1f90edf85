/**
 * Containers: the record as its sections (an h2 per section, with its description), an entry
 * of a repeating group as a fieldset ("Recommendation 1" and its "Remove" button), and the
 * group itself (its question, hint, error, entries and the "Add another" button). Every
 * button is type="button" so only the submit button submits.
 */
import { Fragment, useEffect, useRef } from "react";
import type { ArrayFieldItemTemplateProps, ArrayFieldTemplateProps, ObjectFieldTemplateProps, RJSFSchema, SubmitButtonProps } from "@rjsf/utils";
import { getSubmitButtonOptions, getUiOptions } from "@rjsf/utils";
import type { CompiledSection } from "../../../../engine/runtime/index.ts";
import { capitalise, withArticle } from "../answers.ts";
import type { RecordData } from "../types.ts";
import { cx, describedBy, ErrorMessage, firstError, Hint, type NhsFormContext } from "./shared.tsx";
import "../form.css";

type ObjectProps = ObjectFieldTemplateProps<RecordData, RJSFSchema, NhsFormContext>;

function isSectionList(value: unknown): value is CompiledSection[] {
  return Array.isArray(value) && value.every((s) => typeof s === "object" && s !== null && Array.isArray((s as CompiledSection).items));
}

export function ObjectFieldTemplate(props: ObjectProps) {
  const { properties, uiSchema, fieldPathId } = props;
  const shown = properties.filter((p) => !p.hidden);
  const sections = getUiOptions(uiSchema).sections;
  if (fieldPathId.path.length > 0 || !isSectionList(sections) || !sections.length) {
    return (
      <>
        {shown.map((p) => (
          <Fragment key={p.name}>{p.content}</Fragment>
        ))}
      </>
    );
  }
  const byName = new Map(shown.map((p) => [p.name, p]));
  const placed = new Set<string>();
  return (
    <>
      {sections.map((section) => {
        const members = section.items.flatMap((key) => {
          const p = byName.get(key);
          return p && !placed.has(key) ? [p] : [];
        });
        // A section whose items are all hidden for these answers is left out, heading and all.
        if (!members.length) return null;
        for (const p of members) placed.add(p.name);
        return (
          <div className="app-form-section" id={`section-${section.id}`} key={section.id}>
            <h2 className="nhsuk-heading-m">{section.title}</h2>
            {section.description ? <p className="nhsuk-body">{section.description}</p> : null}
            {members.map((p) => (
              <Fragment key={p.name}>{p.content}</Fragment>
            ))}
          </div>
        );
      })}
      {shown
        .filter((p) => !placed.has(p.name))
        .map((p) => (
          <Fragment key={p.name}>{p.content}</Fragment>
        ))}
    </>
  );
}

function entryLabelOf(uiSchema: ArrayFieldTemplateProps["uiSchema"]): string {
  const label = getUiOptions(uiSchema).entryLabel;
  return typeof label === "string" && label ? label : "entry";
}

export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps<RecordData, RJSFSchema, NhsFormContext>) {
  const { children, index, buttonsProps, readonly, disabled, parentUiSchema } = props;
  const entryLabel = entryLabelOf(parentUiSchema);
  const number = index + 1;
  return (
    <fieldset className="nhsuk-fieldset app-group-entry" id={`${buttonsProps.fieldPathId.$id}-entry`}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
        {capitalise(entryLabel)} {number}
      </legend>
      {children}
      {buttonsProps.hasRemove && !readonly && !disabled ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={buttonsProps.onRemoveItem}>
          Remove {entryLabel} {number}
        </button>
      ) : null}
    </fieldset>
  );
}

const FOCUSABLE_FIELD = "input:not([type=hidden]), select, textarea";

export function ArrayFieldTemplate(props: ArrayFieldTemplateProps<RecordData, RJSFSchema, NhsFormContext>) {
  const { items, canAdd, onAddClick, readonly, disabled, fieldPathId, schema, uiSchema, rawErrors, title } = props;
  const id = fieldPathId.$id;
  const entryLabel = entryLabelOf(uiSchema);
  const error = firstError(rawErrors);
  const hint = typeof schema.description === "string" ? schema.description : undefined;
  const container = useRef<HTMLDivElement>(null);
  const previousCount = useRef(items.length);
  const added = useRef(false);

  // After "Add", focus the new entry's first field; after "Remove", the group's heading.
  useEffect(() => {
    const before = previousCount.current;
    previousCount.current = items.length;
    const root = container.current;
    if (!root) return;
    if (added.current && items.length > before) {
      added.current = false;
      const entries = root.querySelectorAll<HTMLElement>(":scope > .app-group-entries > .app-group-entry");
      entries[entries.length - 1]?.querySelector<HTMLElement>(FOCUSABLE_FIELD)?.focus();
    } else if (items.length < before) {
      root.querySelector<HTMLElement>(`#${CSS.escape(`${id}-title`)}`)?.focus();
    }
  }, [items.length, id]);

  const editable = !readonly && !disabled;
  return (
    <div className={cx("nhsuk-form-group", error && "nhsuk-form-group--error")} id={id} ref={container} role="group" aria-labelledby={`${id}-title`} aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}>
      <h3 className="nhsuk-heading-s" id={`${id}-title`} tabIndex={-1}>
        {getUiOptions(uiSchema).title ?? title}
      </h3>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <div className="app-group-entries">{items}</div>
      {!items.length && !editable ? <p className="nhsuk-body">Not answered</p> : null}
      {canAdd && editable ? (
        <button
          type="button"
          id={`${id}-add`}
          className="nhsuk-button nhsuk-button--secondary"
          onClick={(event) => {
            added.current = true;
            onAddClick(event);
          }}
        >
          {items.length ? `Add another ${entryLabel}` : `Add ${withArticle(entryLabel)}`}
        </button>
      ) : null}
    </div>
  );
}

export function SubmitButton(props: SubmitButtonProps<RecordData, RJSFSchema, NhsFormContext>) {
  const { submitText, norender, props: buttonProps = {} } = getSubmitButtonOptions(props.uiSchema);
  if (norender) return null;
  return (
    <button type="submit" className={cx("nhsuk-button", buttonProps.className)} disabled={buttonProps.disabled}>
      {submitText}
    </button>
  );
}
