/**
 * Loading data for the pages: compiled forms cached per version, and a small async hook. What
 * has arrived is also kept as plain values, so that a page whose data came with the page (or
 * was fetched before the first render) is drawn at once, without a "Loading…" step.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CompiledForm, RecordValidator } from "../../../engine/runtime/index.ts";
import { ApiError, api, type CaseRecord, type CollectionSummary, type DraftListBody } from "../api.ts";
import { bootstrap } from "../bootstrap.ts";

const forms = new Map<string, Promise<CompiledForm>>();
const arrivedForms = new Map<string, CompiledForm>();
const arrivedValidators = new WeakMap<CompiledForm, RecordValidator>();
// The list the page came with is current: a new version is only published by restarting the server.
let arrivedCollections: CollectionSummary[] | undefined = bootstrap?.collections ?? undefined;
let collections: Promise<CollectionSummary[]> | undefined = arrivedCollections ? Promise.resolve(arrivedCollections) : undefined;

/** The compiled form of one version; fetched once per page load. */
export function loadForm(collection: string, version: string): Promise<CompiledForm> {
  const key = `${collection}@${version}`;
  let form = forms.get(key);
  if (!form) {
    form = api.form(collection, version);
    forms.set(key, form);
    form.then(
      (f) => arrivedForms.set(key, f),
      () => forms.delete(key),
    );
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
    collections = api.collections().then((r) => (arrivedCollections = r.items));
    collections.catch(() => (collections = undefined));
  }
  return collections;
}

/** A collection's summary and its current form; 404 when the collection is unknown. */
export async function loadCollection(collection: string): Promise<CollectionForms> {
  const summary = (await loadCollections()).find((c) => c.id === collection);
  if (!summary) throw new ApiError(404, `No collection ${collection}`);
  const version = currentVersion(summary);
  if (!version) throw new ApiError(404, `Collection ${collection} has no versions`);
  return { summary, current: await loadForm(collection, version) };
}

function currentVersion(summary: CollectionSummary): string | undefined {
  return summary.currentVersion ?? summary.versions.at(-1)?.version;
}

/** A collection's summary and current form if both have arrived already, else undefined. */
export function arrivedCollection(collection: string): CollectionForms | undefined {
  const summary = arrivedCollections?.find((c) => c.id === collection);
  const version = summary && currentVersion(summary);
  const current = version ? arrivedForms.get(`${collection}@${version}`) : undefined;
  return summary && current ? { summary, current } : undefined;
}

/** Notes a form's validator once it has loaded (form/load-validator.ts loads it), for arrivedEditor. */
export function noteValidator(form: CompiledForm, validator: Promise<RecordValidator>): Promise<RecordValidator> {
  validator.then(
    (v) => arrivedValidators.set(form, v),
    () => undefined,
  );
  return validator;
}

let arrivedDraftList: DraftListBody["items"] | null | undefined;

/** Notes the user's drafts, read before the first render of the add page (null: they could not be read). */
export function noteDrafts(drafts: DraftListBody["items"] | null): void {
  arrivedDraftList = drafts;
}

/** The user's drafts if first-page.ts read them, once: later visits to the add page ask again. */
export function arrivedDrafts(): DraftListBody["items"] | null | undefined {
  const drafts = arrivedDraftList;
  arrivedDraftList = undefined;
  return drafts;
}

let arrivedRecord: CaseRecord | undefined;

/** Notes the case the edit page opened by its address was read before the first render. */
export function noteRecord(record: CaseRecord): void {
  arrivedRecord = record;
}

/**
 * What the add page (`id` null) or the edit page needs, if it has all arrived: the form (the
 * collection's current one, or the case's own version's), its validator and the case. The
 * case is handed out once: a later visit to the edit page reads it afresh.
 */
export function arrivedEditor(collection: string, id: string | null = null): { form: CompiledForm; record: CaseRecord | null; validate: RecordValidator } | undefined {
  if (id === null) {
    const form = arrivedCollection(collection)?.current;
    const validate = form && arrivedValidators.get(form);
    return form && validate ? { form, record: null, validate } : undefined;
  }
  const record = arrivedRecord;
  arrivedRecord = undefined;
  if (!record || record.collection !== collection || record.id !== id) return undefined;
  const form = arrivedForms.get(`${collection}@${record.version}`);
  const validate = form && arrivedValidators.get(form);
  return form && validate ? { form, record, validate } : undefined;
}

export type AsyncState<T> = { status: "loading"; data?: T } | { status: "ready"; data: T } | { status: "error"; error: unknown; data?: T };

/**
 * Runs `load` whenever `deps` change; keeps the previous data while reloading, so pages do
 * not flash empty. Results of superseded runs are dropped. `arrived`, when given, is asked
 * once on the first render for data already at hand: then the page is drawn with it at once
 * and `load` is not run until `deps` change or `reload` is called.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], arrived?: () => T | undefined): AsyncState<T> & { reload(): void } {
  const [initial] = useState(() => arrived?.());
  const [state, setState] = useState<AsyncState<T>>(initial !== undefined ? { status: "ready", data: initial } : { status: "loading" });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  const skip = useRef(initial !== undefined);
  useEffect(() => {
    if (skip.current) {
      skip.current = false;
      return;
    }
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
