/**
 * Containers: the record as its sections (an h2 per section, with its description), an entry
 * of a repeating group as a fieldset ("Recommendation 1" and its "Remove" button), and the
 * group itself (its question, hint, error, entries and the "Add another" button). Every
 * button is type="button" so only the submit button submits.
 */
import { createContext, Fragment, useEffect, useRef, type ReactNode } from "react";
import type { ArrayFieldItemTemplateProps, ArrayFieldTemplateProps, ObjectFieldTemplateProps, RJSFSchema, SubmitButtonProps } from "@rjsf/utils";
import { getSubmitButtonOptions, getUiOptions } from "@rjsf/utils";
import type { CompiledSection } from "../../../../engine/runtime/index.ts";
import { capitalise, withArticle } from "../answers.ts";
import { fieldId } from "../field-ids.ts";
import { revealsOf } from "../reveals.ts";
import type { RecordData } from "../types.ts";
import { cx, describedBy, ErrorMessage, firstError, Hint, type NhsFormContext } from "./shared.tsx";
import "../form.css";

type ObjectProps = ObjectFieldTemplateProps<RecordData, RJSFSchema, NhsFormContext>;

function isSectionList(value: unknown): value is CompiledSection[] {
  return Array.isArray(value) && value.every((s) => typeof s === "object" && s !== null && Array.isArray((s as CompiledSection).items));
}

/** A follow-on question drawn under an option of its choice item. */
export interface RevealedField {
  key: string;
  codes: string[];
  content: ReactNode;
}

/** The follow-on questions of each choice field on show, by the choice field's id. */
export const RevealsContext = createContext<ReadonlyMap<string, RevealedField[]>>(new Map());

/**
 * The shown follow-on questions to draw under their choice item's options, by that item's field
 * id. A follow-on question stays in place when its choice item is not drawn as options (hidden,
 * or read-only text for this user).
 */
function revealedFields(props: ObjectProps, sections: CompiledSection[], byName: Map<string, ObjectProps["properties"][number]>): Map<string, RevealedField[]> {
  const reveals = revealsOf(props.registry.formContext.form, sections.flatMap((s) => s.items));
  const byParent = new Map<string, RevealedField[]>();
  for (const [key, reveal] of reveals) {
    const child = byName.get(key);
    const parent = byName.get(reveal.parent);
    const parentUi = props.uiSchema?.[reveal.parent] as Record<string, unknown> | undefined;
    if (!child || !parent || parentUi?.["ui:readonly"] === true) continue;
    const id = fieldId([reveal.parent]);
    byParent.set(id, [...(byParent.get(id) ?? []), { key, codes: reveal.codes, content: child.content }]);
  }
  return byParent;
}

export function ObjectFieldTemplate(props: ObjectProps) {
  const { properties, uiSchema, fieldPathId } = props;
  const shown = properties.filter((p) => !p.hidden);
  const { sections, sectionHeadings } = getUiOptions(uiSchema);
  if (fieldPathId.path.length > 0 || !isSectionList(sections) || !sections.length) {
    return (
      // Reveals are drawn among the record's own questions only, never inside a group's entries.
      <RevealsContext.Provider value={NO_REVEALS}>
        {shown.map((p) => (
          <Fragment key={p.name}>{p.content}</Fragment>
        ))}
      </RevealsContext.Provider>
    );
  }
  const byName = new Map(shown.map((p) => [p.name, p]));
  const reveals = revealedFields(props, sections, byName);
  // Drawn under their choice's option, so not again in their own place.
  const placed = new Set<string>([...reveals.values()].flat().map((r) => r.key));
  return (
    <RevealsContext.Provider value={reveals}>
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
            {/* A section drawn as its own page has the page's heading instead. */}
            {sectionHeadings === false ? null : (
              <>
                <h2 className="nhsuk-heading-m">{section.title}</h2>
                {section.description ? <p className="nhsuk-body">{section.description}</p> : null}
              </>
            )}
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
    </RevealsContext.Provider>
  );
}

const NO_REVEALS: ReadonlyMap<string, RevealedField[]> = new Map();

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
