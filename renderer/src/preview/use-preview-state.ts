/**
 * The preview's state as the server has it now: fetched when the page opens and again each
 * time the server says it has rebuilt (server-sent events: no polling), together with the
 * validator of the form it holds. A slower, older fetch never replaces a newer one.
 */
import { useEffect, useRef, useState } from "react";
import { createRecordValidator, type RecordValidator, type SchemaValidateFunction } from "../../../engine/runtime/index.ts";
import type { PreviewState } from "../../../preview/state.ts";

export interface Loaded {
  state: PreviewState;
  validate: RecordValidator | null;
}

export type Connection = "connecting" | "live" | "lost";

export function usePreviewState(): { loaded: Loaded | null; connection: Connection; failure: string | null } {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [failure, setFailure] = useState<string | null>(null);
  const newest = useRef(0);

  useEffect(() => {
    let closed = false;
    const load = async () => {
      const asked = ++newest.current;
      try {
        const response = await fetch("/preview/state", { cache: "no-store" });
        if (!response.ok) throw new Error(`The preview answered ${response.status}`);
        const state = (await response.json()) as PreviewState;
        let validate: RecordValidator | null = null;
        if (state.form && state.validatorUrl) {
          const module = (await import(/* @vite-ignore */ state.validatorUrl)) as { default?: unknown };
          if (typeof module.default === "function") validate = createRecordValidator(state.form, module.default as SchemaValidateFunction);
        }
        if (closed || asked !== newest.current) return;
        setFailure(null);
        setLoaded({ state, validate });
      } catch (e) {
        if (!closed && asked === newest.current) setFailure(e instanceof Error ? e.message : String(e));
      }
    };
    void load();
    const events = new EventSource("/preview/events");
    events.addEventListener("open", () => setConnection("live"));
    events.addEventListener("error", () => setConnection("lost"));
    events.addEventListener("rebuilt", () => void load());
    // After a lost connection (the preview restarted), the state may have moved on.
    events.addEventListener("ready", () => void load());
    return () => {
      closed = true;
      events.close();
    };
  }, []);

  return { loaded, connection, failure };
}
