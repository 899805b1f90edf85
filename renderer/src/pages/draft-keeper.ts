/**
 * Keeping a case's unsaved answers while they are typed: at once in this tab's sessionStorage
 * (so the last keystrokes survive a reload or an ended session, when the server cannot be
 * told), and on the server as the author's draft a moment after the typing stops (so they
 * survive a closed tab and can be picked up in another browser).
 */
import { useCallback, useEffect, useMemo, useRef } from "react";
import { ApiError, api } from "../api.ts";

type Data = Record<string, unknown>;

/** How long after the last change the answers go to the server. */
export const AUTOSAVE_DELAY_MS = 1500;
const STORAGE_PREFIX = "scrt-draft:";
const NEW_KEY = /^new-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LocalDraft {
  version: string;
  data: Data;
  basedOnRevision: number | null;
  /** When the answers were last changed (ms since the epoch). */
  changedAt: number;
}

export function newDraftKey(): string {
  return `new-${crypto.randomUUID()}`;
}

export function isNewDraftKey(key: string | null | undefined): key is string {
  return typeof key === "string" && NEW_KEY.test(key);
}

function storageKey(collection: string, key: string): string {
  return `${STORAGE_PREFIX}${collection}:${key}`;
}

export function readLocalDraft(collection: string, key: string): LocalDraft | null {
  try {
    const raw = window.sessionStorage.getItem(storageKey(collection, key));
    const parsed = raw ? (JSON.parse(raw) as LocalDraft) : null;
    return parsed && typeof parsed.data === "object" && parsed.data !== null ? parsed : null;
  } catch {
    return null;
  }
}

function writeLocalDraft(collection: string, key: string, draft: LocalDraft): void {
  try {
    window.sessionStorage.setItem(storageKey(collection, key), JSON.stringify(draft));
  } catch {
    // Storage full or switched off: the server's copy is all there is.
  }
}

export function forgetLocalDraft(collection: string, key: string): void {
  try {
    window.sessionStorage.removeItem(storageKey(collection, key));
    if (currentNewDraftKey(collection) === key) window.sessionStorage.removeItem(currentNewKey(collection));
  } catch {
    // Nothing kept, nothing to forget.
  }
}

function currentNewKey(collection: string): string {
  return `${STORAGE_PREFIX}${collection}:adding`;
}

/**
 * The new case this tab is adding (until it is saved or left), so that a reload or a sign-in
 * comes back to the same draft without putting its key in the address.
 */
export function currentNewDraftKey(collection: string): string | null {
  try {
    const key = window.sessionStorage.getItem(currentNewKey(collection));
    return isNewDraftKey(key) ? key : null;
  } catch {
    return null;
  }
}

export function setCurrentNewDraftKey(collection: string, key: string): void {
  try {
    window.sessionStorage.setItem(currentNewKey(collection), key);
  } catch {
    // Without storage, a reload starts a new case; the server's draft is still offered.
  }
}

/** JSON with keys in order, so that the same answers always compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export interface DraftKeeperOptions {
  collection: string;
  key: string;
  version: string;
  basedOnRevision: number | null;
  /** Whether these answers differ from what is stored (an untouched form keeps no draft). */
  differs(data: Data): boolean;
  /** A draft of these answers is on the server already (it was restored from there). */
  onServerAlready: boolean;
  /**
   * The answers that draft holds, when the page starts from them unchanged: they are not sent
   * again until they change. Sent again, they brought back a draft that the user had just
   * discarded in another browser, and moved its time to now.
   */
  serverHolds?: Data | null;
  /** The session has ended: the server refused to keep the draft with 401. */
  onSignedOut?(): void;
}

export interface DraftKeeper {
  /** The answers changed: keep them here now, and on the server soon. */
  change(data: Data): void;
  /** Sends the latest answers to the server now; true when they are kept there. */
  flush(): Promise<boolean>;
  /** Forgets the answers here and on the server. */
  discard(): Promise<void>;
  /** Forgets this tab's copy (the answers are saved, or kept on the server as a draft the user chose to leave). */
  forgetLocal(): void;
  /** Whether the answers differ from what is stored. */
  unsaved(): boolean;
  /** Whether there are changes the server has not been told of yet. */
  unsentChanges(): boolean;
}

export function useDraftKeeper(options: DraftKeeperOptions): DraftKeeper {
  const opts = useRef(options);
  opts.current = options;
  const latest = useRef<Data | null>(null);
  const sent = useRef<string | null>(options.serverHolds ? stableJson(options.serverHolds) : null);
  const onServer = useRef(options.onServerAlready);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(false);

  /** `notify`: a 401 tells the page the session has ended (not when the page is already going). */
  const send = useCallback(async (notify = true): Promise<boolean> => {
    clearTimeout(timer.current);
    const data = latest.current;
    if (data === null || stopped.current) return onServer.current;
    const json = stableJson(data);
    if (json === sent.current) return true;
    const { collection, key, version, basedOnRevision } = opts.current;
    try {
      await api.saveDraft(collection, key, { version, data, basedOnRevision });
      // Only what was sent counts as kept: a change made meanwhile goes with the next save.
      sent.current = json;
      onServer.current = true;
      return true;
    } catch (e) {
      if (notify && e instanceof ApiError && e.status === 401) opts.current.onSignedOut?.();
      return false;
    }
  }, []);

  // On leaving the page by any route, the last answers go to the server if they can.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (!stopped.current && latest.current !== null && stableJson(latest.current) !== sent.current && (opts.current.differs(latest.current) || onServer.current)) void send(false);
    },
    [send],
  );

  return useMemo<DraftKeeper>(
    () => ({
      change(data) {
        if (stopped.current) return;
        latest.current = data;
        const { collection, key, version, basedOnRevision, differs } = opts.current;
        if (!differs(data) && !onServer.current) {
          forgetLocalDraft(collection, key);
          return;
        }
        writeLocalDraft(collection, key, { version, data, basedOnRevision, changedAt: Date.now() });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void send(), AUTOSAVE_DELAY_MS);
      },
      flush: () => send(),
      async discard() {
        stopped.current = true;
        clearTimeout(timer.current);
        const { collection, key } = opts.current;
        forgetLocalDraft(collection, key);
        try {
          await api.discardDraft(collection, key);
        } catch {
          // Already gone (404), or unreachable: it expires by itself.
        }
      },
      forgetLocal() {
        stopped.current = true;
        clearTimeout(timer.current);
        forgetLocalDraft(opts.current.collection, opts.current.key);
      },
      unsaved() {
        return latest.current !== null && opts.current.differs(latest.current);
      },
      unsentChanges() {
        return latest.current !== null && opts.current.differs(latest.current) && stableJson(latest.current) !== sent.current;
      },
    }),
    [send],
  );
}

const timeOnly = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hour12: false });
const dayMonth = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long" });
const dayMonthYear = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
const dayKey = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** "14:32" today, "1 December at 14:32" this year, "1 December 2025 at 14:32" before (UK time). */
export function whenChanged(at: Date | number | string, now: Date = new Date()): string {
  const date = new Date(at);
  const time = timeOnly.format(date);
  if (dayKey.format(date) === dayKey.format(now)) return time;
  const sameYear = dayKey.format(date).slice(0, 4) === dayKey.format(now).slice(0, 4);
  return `${(sameYear ? dayMonth : dayMonthYear).format(date)} at ${time}`;
}
