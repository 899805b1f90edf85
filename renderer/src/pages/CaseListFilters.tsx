/**
 * The case list's search and filter form: search, the definition's choice filters (several
 * codes of a multiple choice at once), completeness, region and owner for those the server
 * offers them to, the definition's date ranges and the order. It only reads the query it is
 * given and hands the submitted form back; the address is the page's to change.
 */
import type { FormEvent } from "react";
import { Link } from "react-router";
import type { CompiledForm, CompiledItem } from "../../../engine/runtime/index.ts";
import type { RecordPage } from "../api.ts";
import { chosenCodes, dateFilterItems, dateParameters, filterItems, sortOptions } from "./case-list-params.ts";
import { itemOf } from "./format.ts";
import { choiceOptions, SelectField } from "./shared.tsx";

const COMPLETENESS = [
  { value: "yes", label: "Complete" },
  { value: "no", label: "Incomplete" },
];

export function CaseListFilters({
  form,
  query,
  sort,
  choices,
  clearHref,
  onSubmit,
}: {
  form: CompiledForm;
  query: URLSearchParams;
  sort: string;
  /** The saved view, regions and owners the server offers this user. */
  choices: Pick<RecordPage, "regions" | "owners" | "view">;
  /** Where "Clear filters" goes; null when nothing is filtered. */
  clearHref: string | null;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
}) {
  const search = form.collection.list.search.map((k) => itemOf(form, k)?.label ?? k);
  const items = filterItems(form);
  const owner = form.ownerOrganisationType.toUpperCase();
  return (
    <form className="app-filters" method="get" noValidate onSubmit={onSubmit} aria-labelledby="filters-heading">
      <h2 className="nhsuk-heading-s" id="filters-heading">
        Search and filter
      </h2>
      {choices.view ? <input type="hidden" name="view" value={choices.view} /> : null}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="filter-q">
          Search overview and identifier
        </label>
        <div className="nhsuk-hint" id="filter-q-hint">
          Searches {search.join(" and ")}
        </div>
        <input className="nhsuk-input nhsuk-u-width-two-thirds" id="filter-q" name="q" type="search" defaultValue={query.get("q") ?? ""} aria-describedby="filter-q-hint" />
      </div>
      <div className="app-filters__row">
        {items
          .filter((item) => item.type !== "multiple_choice")
          .map((item) => (
            <SelectField
              key={item.key}
              id={`filter-${item.key}`}
              name={item.key}
              label={item.label}
              value={chosenCodes(form, item, query).length === 1 ? chosenCodes(form, item, query)[0]! : ""}
              any="Any"
              options={choiceOptions(form.choiceLists[item.choices!]?.choices)}
            />
          ))}
        <SelectField id="filter-complete" name="complete" label="Completeness" value={query.get("complete") ?? ""} any="Any" options={COMPLETENESS} />
        {choices.regions.length ? (
          <SelectField id="filter-region" name="region" label="Region" value={query.get("region") ?? ""} any="Any" options={choices.regions.map((r) => ({ value: r.code, label: r.name }))} />
        ) : null}
        {choices.owners.length ? (
          <SelectField id="filter-owner" name="owner" label={owner} value={query.get("owner") ?? ""} any="Any" options={choices.owners.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))} />
        ) : null}
      </div>
      {items
        .filter((item) => item.type === "multiple_choice")
        .map((item) => (
          <ChoiceCheckboxes key={item.key} form={form} item={item} chosen={chosenCodes(form, item, query)} />
        ))}
      <div className="app-filters__row">
        {dateFilterItems(form).map((item) => (
          <DateRange key={item.key} item={item} query={query} />
        ))}
      </div>
      <div className="app-filters__row">
        <div className="nhsuk-form-group app-filters__field">
          <label className="nhsuk-label" htmlFor="filter-order">
            Sort by
          </label>
          <select className="nhsuk-select" id="filter-order" name="order" defaultValue={sort}>
            {sortOptions(form).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="nhsuk-button-group nhsuk-u-margin-bottom-0">
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Apply filters
        </button>
        {clearHref ? (
          <Link className="nhsuk-link" to={clearHref}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}

/** A multiple choice filter: any of the ticked codes. Folded away until something is ticked, since the list is long. */
function ChoiceCheckboxes({ form, item, chosen }: { form: CompiledForm; item: CompiledItem; chosen: string[] }) {
  const choices = form.choiceLists[item.choices!]?.choices ?? [];
  return (
    <details className="nhsuk-details app-filters__details" open={chosen.length > 0}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          {item.label}
          {chosen.length ? ` (${chosen.length} selected)` : ""}
        </span>
      </summary>
      <div className="nhsuk-details__text">
        <div className="nhsuk-form-group nhsuk-u-margin-bottom-0">
          <fieldset className="nhsuk-fieldset" aria-describedby={`filter-${item.key}-hint`}>
            {/* The summary above shows the label; the legend names the group for screen readers. */}
            <legend className="nhsuk-fieldset__legend nhsuk-u-visually-hidden">{item.label}</legend>
            <div className="nhsuk-hint" id={`filter-${item.key}-hint`}>
              Cases with any of the ones you select
            </div>
            <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-filters__checkboxes">
              {choices.map((choice) => {
                const id = `filter-${item.key}-${choice.code}`;
                return (
                  <div className="nhsuk-checkboxes__item" key={choice.code}>
                    <input className="nhsuk-checkboxes__input" id={id} name={item.key} type="checkbox" value={choice.code} defaultChecked={chosen.includes(choice.code)} />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                      {choice.label}
                      {choice.retired ? " (no longer used)" : ""}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
      </div>
    </details>
  );
}

/** From and to days of a date item, both included. */
function DateRange({ item, query }: { item: CompiledItem; query: URLSearchParams }) {
  const names = dateParameters(item.key);
  return (
    <div className="nhsuk-form-group app-filters__field">
      <fieldset className="nhsuk-fieldset" role="group">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{item.label}</legend>
        <div className="app-filters__dates">
          {(["from", "to"] as const).map((end) => (
            <div className="app-filters__date" key={end}>
              <label className="nhsuk-label" htmlFor={`filter-${names[end]}`}>
                <span className="nhsuk-u-visually-hidden">{item.label}, </span>
                {end === "from" ? "From" : "To"}
              </label>
              <input className="nhsuk-input" id={`filter-${names[end]}`} name={names[end]} type="date" defaultValue={query.get(names[end]) ?? ""} />
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
