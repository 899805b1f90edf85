/**
 * The sign-in page. The server says how it signs people in: through NHS England's single
 * sign-on (OpenID Connect: the "Sign in" button goes to the provider), or, in development only,
 * by picking one of the seeded users. Why a sign-in failed arrives as `?error=` from the server.
 */
import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { ApiError, api, type PublicUser } from "../api.ts";
import { useAsync } from "./data.ts";
import { SERVICE_NAME } from "./format.ts";
import { ErrorView } from "./Problems.tsx";
import { ErrorSummary, InsetText, Loading, PageHeading, usePageTitle, useSession } from "./shared.tsx";

const NONE_SELECTED = "Select a user to sign in as";

/** What each refusal from the single sign-on means for the person, and what they can do. */
const SIGN_IN_PROBLEMS: Record<string, { title: string; text: string }> = {
  no_access: {
    title: "You do not have access to the tracker",
    text: `You signed in to NHS England's single sign-on, but there is no ${SERVICE_NAME} account for you. Ask your organisation's tracker administrator in NHS England to add you, giving the email address you sign in with. Nothing has been created.`,
  },
  deactivated: {
    title: "Your tracker account has been deactivated",
    text: "If you still need access, ask the tracker administrator in NHS England to reactivate it.",
  },
  unavailable: {
    title: "Sign-in is not available at the moment",
    text: "The single sign-on service could not be reached, or did not accept the tracker. Try again in a few minutes. If it keeps happening, contact the NHS England service desk.",
  },
  failed: { title: "Sign-in did not complete", text: "The answer from the single sign-on service could not be checked. Start again from the Sign in button." },
  expired: { title: "Sign-in took too long", text: "The sign-in was started too long ago or in another window. Start again from the Sign in button." },
};

/** Why the person was signed out (the web app adds `?reason=`). */
const SIGNED_OUT_REASONS: Record<string, string> = {
  idle: "You were signed out because you had not used the tracker for a while. Sign in again to carry on.",
  expired: "Your session has ended. Sign in again to carry on.",
  answers_kept: "Your session has ended, so you need to sign in again. Your answers have been kept: once you have signed in, you will go back to the case you were working on.",
};

export function SignIn() {
  const method = useAsync(() => api.signInMethod(), []);
  if (method.status === "error") return <ErrorView error={method.error} />;
  if (!method.data) return <Loading />;
  return method.data.method === "oidc" ? <SingleSignOn signInUrl={method.data.signInUrl ?? "/auth/oidc/login"} /> : <DevSignIn />;
}

/** The way in for everyone in production: a button that goes to NHS England's single sign-on. */
function SingleSignOn({ signInUrl }: { signInUrl: string }) {
  const [params] = useSearchParams();
  const location = useLocation();
  const problem = SIGN_IN_PROBLEMS[params.get("error") ?? ""];
  const reason = SIGNED_OUT_REASONS[params.get("reason") ?? ""];
  const from = (location.state as { from?: unknown } | null)?.from;
  const returnTo = typeof from === "string" && from.startsWith("/") && !from.startsWith("/sign-in") ? from : "/";
  usePageTitle(problem ? problem.title : "Sign in", problem !== undefined);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {problem ? (
          <div className="nhsuk-error-summary" aria-labelledby="sign-in-problem-title" role="alert" tabIndex={-1}>
            <h2 className="nhsuk-error-summary__title" id="sign-in-problem-title">
              {problem.title}
            </h2>
            <div className="nhsuk-error-summary__body">
              <p>{problem.text}</p>
            </div>
          </div>
        ) : null}
        <PageHeading>Sign in</PageHeading>
        {reason ? <InsetText>{reason}</InsetText> : null}
        <p className="nhsuk-body">Sign in with your NHS England single sign-on account (the one you use for the Strategic Data Collection Service).</p>
        {/* A link styled as a button, not a form: the page's CSP (form-action 'self') would stop a
            form whose answer redirects to the provider. The browser leaves the app here. */}
        <a className="nhsuk-button" role="button" draggable="false" href={`${signInUrl}?${new URLSearchParams({ returnTo }).toString()}`}>
          Sign in
        </a>
      </div>
    </div>
  );
}

/** Where the single sign-on sends the browser after signing out there too. */
export function SignedOut() {
  usePageTitle("You have signed out");
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>You have signed out</PageHeading>
        <p className="nhsuk-body">You have signed out of the tracker and of NHS England's single sign-on.</p>
        <p className="nhsuk-body">
          <Link to="/sign-in">Sign in again</Link>
        </p>
      </div>
    </div>
  );
}

/** Development only: pick one of the seeded users. */
function DevSignIn() {
  const users = useAsync(() => api.devUsers(), []);
  const { setSession } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [selected, setSelected] = useState("");
  const [error, setError] = useState<{ message: string; field: boolean; attempt: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonParam = useSearchParams()[0].get("reason");
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
        {SIGNED_OUT_REASONS[reasonParam ?? ""] ? <InsetText>{SIGNED_OUT_REASONS[reasonParam ?? ""]}</InsetText> : null}
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
