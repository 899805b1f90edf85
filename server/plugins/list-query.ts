/**
 * The case list's query string: the fixed parameters Fastify has checked the shape of, and
 * those the collection's definition declares (choice filters, date filters, saved views),
 * checked here. Every refusal names the parameter at fault; nothing here widens who sees what
 * (the route narrows the caller's own scope with the owner and region asked for).
 */
import { isIsoDate, type CompiledForm, type CompiledView, type ReaderRole } from "../../engine/index.ts";
import { cursorOrder, decodeCursor, type RecordFilter, type RecordQuery } from "../../storage/index.ts";

export type ListQuery = Omit<RecordQuery, "collection" | "owners">;

export interface ListRequest {
  query: ListQuery;
  owner?: string;
  region?: string;
  /** The saved view applied; its tests are already part of `query`. */
  view?: CompiledView;
  /** The view and the parameters ask for opposite things (complete and incomplete): nothing can match. */
  contradictory?: boolean;
}

export interface BadParameter {
  parameter: string;
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The saved views of the collection that a role is offered. */
export function viewsFor(form: CompiledForm, role: ReaderRole | null): CompiledView[] {
  return role === null ? [] : form.collection.list.views.filter((v) => v.roles.includes(role));
}

/** The two parameters of a date filter item, from and to (both days included). */
export function dateParameters(item: string): { from: string; to: string } {
  return { from: `${item}_from`, to: `${item}_to` };
}

export function parseListQuery(query: Record<string, string>, form: CompiledForm, role: ReaderRole | null, now: Date): ListRequest | BadParameter {
  const list = form.collection.list;
  const filterItems = new Map(list.filters.map((k) => [k, form.items.find((i) => i.key === k)]));
  const dateItems = list.dateFilters.flatMap((item) => [dateParameters(item).from, dateParameters(item).to]);
  const known = new Set(["page", "pageSize", "cursor", "q", "sort", "dir", "owner", "region", "complete", "flagged", "view", ...filterItems.keys(), ...dateItems]);
  for (const key of Object.keys(query)) {
    if (!known.has(key)) return { parameter: key, message: `Unknown query parameter "${key}"; use ${[...known].join(", ")}` };
  }
  const q = query as Partial<Record<string, string>>;
  const page = q.page === undefined ? 1 : Number(q.page);
  const pageSize = q.pageSize === undefined ? 50 : Number(q.pageSize);
  const sortable = new Set(["updatedAt", "createdAt", ...list.columns]);
  const sortBy = q.sort ?? "updatedAt";
  if (!sortable.has(sortBy)) return { parameter: "sort", message: `"sort" must be one of ${[...sortable].join(", ")}` };
  const dir = q.dir === "asc" ? "asc" : "desc";
  if (q.cursor !== undefined && !decodeCursor(q.cursor, `${sortBy}:${dir}`)) {
    const other = cursorOrder(q.cursor);
    return { parameter: "cursor", message: other ? `"cursor" belongs to a list in another order (${other}); ask again from the first page` : `"cursor" must be the "next" of a previous page of this list` };
  }

  const filters: RecordFilter[] = [];
  for (const [key, item] of filterItems) {
    const value = q[key];
    if (value === undefined || value.trim() === "") continue;
    // Several codes, separated by commas: a record matches when it has any of them.
    const values = [...new Set(value.split(",").map((v) => v.trim()).filter((v) => v !== ""))];
    const codes = item?.choices ? form.choiceLists[item.choices]?.choices.map((c) => c.code) : undefined;
    const unknown = codes ? values.filter((v) => !codes.includes(v)) : [];
    if (unknown.length) {
      return { parameter: key, message: `"${key}" must be one or more of ${codes!.join(", ")}, separated by commas; ${unknown.map((v) => `"${v}"`).join(", ")} ${unknown.length === 1 ? "is" : "are"} not` };
    }
    if (values.length) filters.push({ item: key, match: item?.type === "multiple_choice" ? "includes" : "equals", values });
  }

  const dateRanges: NonNullable<ListQuery["dateRanges"]> = [];
  for (const item of list.dateFilters) {
    const names = dateParameters(item);
    const range: { item: string; from?: string; to?: string } = { item };
    for (const end of ["from", "to"] as const) {
      const value = q[names[end]]?.trim();
      if (!value) continue;
      if (!isIsoDate(value)) return { parameter: names[end], message: `"${names[end]}" must be a real date like 2024-03-27` };
      range[end] = value;
    }
    if (range.from && range.to && range.from > range.to) return { parameter: names.to, message: `"${names.to}" must be on or after "${names.from}" (${range.from})` };
    if (range.from || range.to) dateRanges.push(range);
  }

  let owner: string | undefined;
  if (q.owner) {
    owner = q.owner.trim().toUpperCase();
    if (!/^[A-Z0-9]{3,5}$/.test(owner)) return { parameter: "owner", message: `"owner" must be an organisation's code, like QE1` };
  }
  let region: string | undefined;
  if (q.region) {
    region = q.region.trim().toUpperCase();
    if (!/^[A-Z0-9]{3,5}$/.test(region)) return { parameter: "region", message: `"region" must be a region's code, like Y62` };
  }

  let view: CompiledView | undefined;
  if (q.view) {
    const offered = viewsFor(form, role);
    view = offered.find((v) => v.id === q.view);
    if (!view) return { parameter: "view", message: offered.length ? `"view" must be one of ${offered.map((v) => v.id).join(", ")}` : `"view": there are no saved views for your role` };
  }

  const complete = q.complete ? q.complete === "yes" : undefined;
  const text = q.q?.trim();
  const search = text ? { items: list.search, text } : undefined;
  return {
    query: {
      filters,
      dateRanges,
      ...(search ? { search } : {}),
      ...(complete !== undefined ? { complete } : view?.complete !== undefined ? { complete: view.complete } : {}),
      ...(q.flagged ? { flagged: q.flagged === "yes" } : {}),
      ...(view?.when ? { where: view.when } : {}),
      ...(view?.migrated !== undefined ? { migrated: view.migrated } : {}),
      ...(view?.notUpdatedForDays !== undefined ? { updatedBefore: new Date(now.getTime() - view.notUpdatedForDays * DAY_MS).toISOString() } : {}),
      sortBy,
      sortDir: dir,
      page,
      pageSize,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    },
    ...(owner ? { owner } : {}),
    ...(region ? { region } : {}),
    ...(view ? { view } : {}),
    ...(complete !== undefined && view?.complete !== undefined && complete !== view.complete ? { contradictory: true } : {}),
  };
}
