/** Sign-in for the embedded default: pick one of the seeded users. */
import { useState, type FormEvent } from "react";
import { useLocation, useNavigate } from "react-router";
import { ApiError, api, type PublicUser } from "../api.ts";
import { useAsync } from "./data.ts";
import { ErrorView } from "./Problems.tsx";
import { ErrorSummary, Loading, PageHeading, usePageTitle, useSession } from "./shared.tsx";

const NONE_SELECTED = "Select a user to sign in as";

export function SignIn() {
  const users = useAsync(() => api.devUsers(), []);
  const { setSession } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [selected, setSelected] = useState("");
  const [error, setError] = useState<{ message: string; field: boolean; attempt: number } | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(users.status === "error" ? null : "Sign in", error !== null);

  if (users.status === "error") return <ErrorView error={users.error} />;
  if (!users.data) return <Loading />;
  const list: PublicUser[] = users.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) {
      setError({ message: NONE_SELECTED, field: true, attempt: (error?.attempt ?? 0) + 1 });
      return;
    }
    setBusy(true);
    try {
      const session = await api.devLogin(selected);
      const from = (location.state as { from?: unknown } | null)?.from;
      navigate(typeof from === "string" && from.startsWith("/") && !from.startsWith("/sign-in") ? from : "/", { replace: true });
      setSession(session);
    } catch (e) {
      setBusy(false);
      const message = e instanceof ApiError ? e.message : "Sign-in failed. Try again.";
      setError({ message, field: false, attempt: (error?.attempt ?? 0) + 1 });
    }
  };

  const fieldError = error?.field ? error.message : null;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {error ? <ErrorSummary items={[{ text: error.message, ...(error.field ? { target: "username" } : {}) }]} focusKey={error.attempt} /> : null}
        <PageHeading>Sign in</PageHeading>
        <p className="nhsuk-body">This is the development sign-in. Choose one of the test users to see the tracker as they would.</p>
        <form method="post" action="/auth/dev-login" noValidate onSubmit={submit}>
          <div className={`nhsuk-form-group${fieldError ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={fieldError ? "username-error" : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Who are you signing in as?</legend>
              {fieldError ? (
                <span className="nhsuk-error-message" id="username-error">
                  <span className="nhsuk-u-visually-hidden">Error: </span>
                  {fieldError}
                </span>
              ) : null}
              <div className="nhsuk-radios">
                {list.map((user, i) => {
                  const id = i === 0 ? "username" : `username-${i + 1}`;
                  return (
                    <div className="nhsuk-radios__item" key={user.username}>
                      <input
                        className="nhsuk-radios__input"
                        id={id}
                        name="username"
                        type="radio"
                        value={user.username}
                        checked={selected === user.username}
                        onChange={() => setSelected(user.username)}
                        aria-describedby={`${id}-hint`}
                      />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                        {user.displayName} – {user.username}
                      </label>
                      <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                        {user.roleName}, {user.organisation.name} ({user.organisation.code})
                      </div>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      </div>
    </div>
  );
}
