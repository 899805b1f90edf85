/** Loading data for the pages: compiled forms cached per version, and a small async hook. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import { ApiError, api, type CollectionSummary } from "../api.ts";

const forms = new Map<string, Promise<CompiledForm>>();
let collections: Promise<CollectionSummary[]> | undefined;

/** The compiled form of one version; fetched once per page load. */
export function loadForm(collection: string, version: string): Promise<CompiledForm> {
  const key = `${collection}@${version}`;
  let form = forms.get(key);
  if (!form) {
    form = api.form(collection, version);
    forms.set(key, form);
    form.catch(() => forms.delete(key));
  }
  return form;
}

/** Compiled forms for each of the given versions, by version. */
export async function loadForms(collection: string, versions: Iterable<string>): Promise<Map<string, CompiledForm>> {
  const unique = [...new Set(versions)];
  const loaded = await Promise.all(unique.map((v) => loadForm(collection, v)));
  return new Map(unique.map((v, i) => [v, loaded[i]!]));
}

export interface CollectionForms {
  summary: CollectionSummary;
  /** The version new records are created under (the published one). */
  current: CompiledForm;
}

/** Every collection's summary; fetched once per page load. */
export function loadCollections(): Promise<CollectionSummary[]> {
  if (!collections) {
    collections = api.collections().then((r) => r.items);
    collections.catch(() => (collections = undefined));
  }
  return collections;
}

/** A collection's summary and its current form; 404 when the collection is unknown. */
export async function loadCollection(collection: string): Promise<CollectionForms> {
  const summary = (await loadCollections()).find((c) => c.id === collection);
  if (!summary) throw new ApiError(404, `No collection ${collection}`);
  const version = summary.currentVersion ?? summary.versions.at(-1)?.version;
  if (!version) throw new ApiError(404, `Collection ${collection} has no versions`);
  return { summary, current: await loadForm(collection, version) };
}

export type AsyncState<T> = { status: "loading"; data?: T } | { status: "ready"; data: T } | { status: "error"; error: unknown; data?: T };

/**
 * Runs `load` whenever `deps` change; keeps the previous data while reloading, so pages do
 * not flash empty. Results of superseded runs are dropped.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const mine = ++run.current;
    setState((s) => ({ status: "loading", ...(s.data !== undefined ? { data: s.data } : {}) }));
    load().then(
      (data) => mine === run.current && setState({ status: "ready", data }),
      (error: unknown) => mine === run.current && setState((s) => ({ status: "error", error, ...(s.data !== undefined ? { data: s.data } : {}) })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
