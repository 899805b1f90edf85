/**
 * The case list's address and the API query made from it. Filters live in the address so a
 * filtered list can be bookmarked and Back works; what the address holds is checked here so a
 * mistyped or outdated address narrows by what makes sense rather than failing.
 */
import { isIsoDate, type CompiledForm, type CompiledItem } from "../../../engine/runtime/index.ts";
import { itemOf } from "./format.ts";

export const PAGE_SIZE = 25;

/**
 * The address's parameter for the list's cursor: the "next" of the page before, which a Next
 * link carries so that the page is read on from where that one ended. The page number stays
 * beside it, for saying which page this is.
 */
export const AFTER = "after";
/** Where in the list the address is: dropped whenever what is listed, or its order, changes. */
export const PAGE_PARAMETERS = ["page", AFTER];
/** A cursor as the API gives them (URL-safe base64); the API checks the rest. */
const CURSOR = /^[A-Za-z0-9_-]{1,2000}$/;

/** The dashboard's data-quality figures link here with these. */
export const QUALITY_FILTERS = ["complete", "flagged"] as const;

const ORGANISATION_CODE = /^[A-Z0-9]{3,5}$/;
const VIEW_ID = /^[a-z][a-z0-9_]*$/;

export interface SortOption {
  value: string;
  label: string;
  /** How the table's caption says it is ordered. */
  caption: string;
}

/** Sort choices: by date updated either way, then each text or date column of the list. */
export function sortOptions(form: CompiledForm): SortOption[] {
  const options: SortOption[] = [
    { value: "updatedAt:desc", label: "Updated (newest first)", caption: "most recently updated first" },
    { value: "updatedAt:asc", label: "Updated (oldest first)", caption: "least recently updated first" },
  ];
  for (const key of form.collection.list.columns) {
    const item = itemOf(form, key);
    if (item?.type === "date")
      options.push({ value: `${key}:desc`, label: `${item.label} (newest first)`, caption: `by ${item.label.toLowerCase()}, newest first` });
    else if (item?.type === "short_text") options.push({ value: `${key}:asc`, label: `${item.label} (A to Z)`, caption: `by ${item.label}, A to Z` });
  }
  options.push({ value: "createdAt:desc", label: "Date created (newest first)", caption: "most recently created first" });
  return options;
}

/** The choice items the definition lets people filter by. */
export function filterItems(form: CompiledForm): CompiledItem[] {
  return form.collection.list.filters.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i !== undefined && !!i.choices);
}

/** The date items the definition lets people narrow by, from one day to another. */
export function dateFilterItems(form: CompiledForm): CompiledItem[] {
  return form.collection.list.dateFilters.map((k) => itemOf(form, k)).filter((i): i is CompiledItem => i?.type === "date");
}

export function dateParameters(key: string): { from: string; to: string } {
  return { from: `${key}_from`, to: `${key}_to` };
}

/** The codes of a choice filter the address holds (separated by commas), those of its list only. */
export function chosenCodes(form: CompiledForm, item: CompiledItem, params: URLSearchParams): string[] {
  const known = new Set(form.choiceLists[item.choices!]?.choices.map((c) => c.code));
  const codes = (params.get(item.key) ?? "").split(",").map((c) => c.trim());
  return [...new Set(codes.filter((c) => known.has(c)))];
}

/** A date range from the address: real dates only, and the earlier one first. */
export function dateRange(params: URLSearchParams, key: string): { from?: string; to?: string } {
  const names = dateParameters(key);
  const from = params.get(names.from) ?? "";
  const to = params.get(names.to) ?? "";
  const range: { from?: string; to?: string } = {};
  if (isIsoDate(from)) range.from = from;
  if (isIsoDate(to)) range.to = to;
  if (range.from && range.to && range.from > range.to) return { from: range.to, to: range.from };
  return range;
}

/** Every parameter that narrows the list (beyond a saved view), for "is it filtered?" and "Clear filters". */
export function narrowingParameters(form: CompiledForm): string[] {
  return [
    "q",
    ...QUALITY_FILTERS,
    "owner",
    "region",
    ...filterItems(form).map((i) => i.key),
    ...dateFilterItems(form).flatMap((i) => Object.values(dateParameters(i.key))),
  ];
}

/** The API query for the address's parameters; anything unknown or invalid in the address is left out. */
export function apiQuery(form: CompiledForm, params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  const page = Number(params.get("page") ?? "1");
  query.set("page", String(Number.isInteger(page) && page >= 1 ? page : 1));
  const after = params.get(AFTER);
  if (after && CURSOR.test(after)) query.set("cursor", after);
  const q = params.get("q")?.trim();
  if (q) query.set("q", q);
  for (const key of QUALITY_FILTERS) {
    const value = params.get(key);
    if (value === "yes" || value === "no") query.set(key, value);
  }
  for (const key of ["owner", "region"]) {
    const value = params.get(key);
    if (value && ORGANISATION_CODE.test(value)) query.set(key, value);
  }
  const view = params.get("view");
  if (view && VIEW_ID.test(view)) query.set("view", view);
  for (const item of filterItems(form)) {
    const codes = chosenCodes(form, item, params);
    if (codes.length) query.set(item.key, codes.join(","));
  }
  for (const item of dateFilterItems(form)) {
    const names = dateParameters(item.key);
    const range = dateRange(params, item.key);
    if (range.from) query.set(names.from, range.from);
    if (range.to) query.set(names.to, range.to);
  }
  const sort = sortOptions(form).find((o) => o.value === `${params.get("sort")}:${params.get("dir")}`);
  if (sort) {
    const [by, dir] = sort.value.split(":");
    query.set("sort", by!);
    query.set("dir", dir!);
  }
  return query;
}

/**
 * The address for what the filter form holds: a choice filter's several codes joined by
 * commas, blanks left out, the default order not written, and the saved view kept.
 */
export function addressOf(data: FormData): URLSearchParams {
  const next = new URLSearchParams();
  const values = new Map<string, string[]>();
  for (const [key, value] of data) {
    if (typeof value !== "string" || value.trim() === "") continue;
    values.set(key, [...(values.get(key) ?? []), value.trim()]);
  }
  for (const [key, list] of values) {
    if (key === "order") {
      const [by, dir] = list[0]!.split(":");
      if (list[0] !== "updatedAt:desc") {
        next.set("sort", by!);
        next.set("dir", dir!);
      }
    } else next.set(key, list.join(","));
  }
  return next;
}
