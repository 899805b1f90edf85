/**
 * Warns before the session ends for inactivity, and lets the person stay signed in. The server
 * says how long a session may be idle (/auth/me); the page counts from the last request the
 * server answered, which is what keeps the session alive there. When the time has passed the
 * person is sent to the sign-in page with the reason.
 */
import { useEffect, useRef, useState } from "react";
import { api, lastServerActivity, onServerActivity, type SessionTimes } from "../api.ts";
import { useSession } from "./shared.tsx";

/** The warning shows this long before the end (or a quarter of a very short timeout). */
const WARN_BEFORE_MS = 2 * 60 * 1000;
/**
 * The server notes activity at most once a minute, so its clock may be up to a minute behind
 * this page's: the page gives up that much early, so it never shows a page the server has ended.
 */
const SERVER_LAG_MS = 60 * 1000;

export function SessionTimeout({ times }: { times: SessionTimes }) {
  const { setSession } = useSession();
  const [remaining, setRemaining] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const idleMs = times.idleTimeoutSeconds * 1000;
  const lag = Math.min(SERVER_LAG_MS, idleMs / 10);
  const warnBefore = Math.min(WARN_BEFORE_MS, idleMs / 4);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const endsAt = Math.min(lastServerActivity() + idleMs - lag, Date.parse(times.expiresAt));
      const left = endsAt - Date.now();
      if (left <= 0) {
        // The pages that need someone signed in send them to the sign-in page, with the reason.
        setSession(null, Date.parse(times.expiresAt) <= Date.now() ? "expired" : "idle");
        return;
      }
      setRemaining(left <= warnBefore ? left : null);
      timer = setTimeout(check, left <= warnBefore ? 1000 : Math.min(left - warnBefore, 30_000));
    };
    check();
    const unsubscribe = onServerActivity(() => {
      clearTimeout(timer);
      check();
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [idleMs, lag, warnBefore, times.expiresAt, setSession]);

  const warning = remaining !== null;
  useEffect(() => {
    if (warning) button.current?.focus();
  }, [warning]);

  if (remaining === null) return null;
  const absoluteEnd = Date.parse(times.expiresAt) - Date.now() <= remaining + 1000;
  const minutes = Math.max(1, Math.ceil(remaining / 60_000));
  const when = remaining < 60_000 ? `${Math.max(1, Math.ceil(remaining / 1000))} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return (
    <div className="nhsuk-notification-banner app-session-warning" role="alertdialog" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="session-warning-title">
          Important
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading" id="session-warning-text">
          {absoluteEnd ? `Your session ends in ${when}: save your work, then sign in again.` : `You will be signed out in ${when} because you have not used the tracker for a while.`}
        </p>
        {absoluteEnd ? null : (
          <button
            ref={button}
            className="nhsuk-button nhsuk-u-margin-bottom-0"
            type="button"
            onClick={() => {
              // Any answered request keeps the session alive; /auth/me is the cheapest.
              void api.me();
            }}
          >
            Stay signed in
          </button>
        )}
      </div>
    </div>
  );
}
