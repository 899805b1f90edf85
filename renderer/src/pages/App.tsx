/** The shell (skip link, NHS header and footer) and the routes of the tracker. */
import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, Navigate, Outlet, RouterProvider, createBrowserRouter, useLocation, useNavigate } from "react-router";
import { adoptSession, api, type PublicUser, type SignedIn, type UserPermissions } from "../api.ts";
import { bootstrap } from "../bootstrap.ts";
import { ActionList } from "./ActionList.tsx";
import { AuditTrail } from "./AuditTrail.tsx";
import { CaseHistory } from "./CaseHistory.tsx";
import { CaseList } from "./CaseList.tsx";
import { Extract } from "./Extract.tsx";
import { ExtractLog } from "./ExtractLog.tsx";
import { LearningLibrary } from "./LearningLibrary.tsx";
import { OwnerQueue } from "./OwnerQueue.tsx";
import { CasePage } from "./CasePage.tsx";
import { HOME_COLLECTION } from "./collections.ts";
import { HeaderNavigation } from "./HeaderNavigation.tsx";
import { ImportLegacy } from "./ImportLegacy.tsx";
import { loadedEditor } from "./first-page.ts";
import { SERVICE_NAME } from "./format.ts";
import { ErrorView, NotFound, RouteError } from "./Problems.tsx";
import { AccessibilityStatement, ContactPage, FeedbackLink, PrivacyNotice } from "./ServicePages.tsx";
import { Icon, Loading, SessionContext, useSession, type Session } from "./shared.tsx";
import { SessionTimeout } from "./SessionTimeout.tsx";
import { SignedOut, SignIn } from "./SignIn.tsx";
import { Standards, StandardsDiff } from "./Standards.tsx";
import { StandardsImpact } from "./StandardsImpact.tsx";
import { AddUser, ChangeUser, Users } from "./Users.tsx";

/**
 * The editor brings the form library (RJSF): load it only when a case is added or edited. When
 * the page opened is the editor, its code is already here (first-page.ts): no loading step.
 */
const LazyCaseEditor = lazy(() => import("./CaseEditor.tsx").then((m) => ({ default: m.CaseEditor })));
function Editor({ mode }: { mode: "create" | "edit" }) {
  // Fixed at mount: switching component type later would throw away what was typed.
  const [loaded] = useState(loadedEditor);
  if (loaded) return <loaded.CaseEditor mode={mode} />;
  return (
    <Suspense fallback={<Loading />}>
      <LazyCaseEditor mode={mode} />
    </Suspense>
  );
}

/** An action's page asks its questions with the form library too. */
const LazyCaseAction = lazy(() => import("./CaseAction.tsx").then((m) => ({ default: m.CaseAction })));
function ActionPage() {
  return (
    <Suspense fallback={<Loading />}>
      <LazyCaseAction />
    </Suspense>
  );
}

/** A version's preview draws the form with the form library too. */
const LazyStandardsPreview = lazy(() => import("./StandardsPreview.tsx").then((m) => ({ default: m.StandardsPreview })));
function StandardsPreviewPage() {
  return (
    <Suspense fallback={<Loading />}>
      <LazyStandardsPreview />
    </Suspense>
  );
}

/** The standards team starts on its own pages; everyone else on the case list. */
function Home() {
  const { permissions } = useSession();
  return <Navigate to={permissions?.manageDefinitions ? "/standards" : `/c/${HOME_COLLECTION}`} replace />;
}

/** The dashboard brings the charting library: load it only when it is visited. */
const LazyDashboard = lazy(() => import("./Dashboard.tsx").then((m) => ({ default: m.Dashboard })));
function DashboardPage() {
  return (
    <Suspense fallback={<Loading />}>
      <LazyDashboard />
    </Suspense>
  );
}

const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { path: "/sign-in", element: <SignIn /> },
          { path: "/signed-out", element: <SignedOut /> },
          { path: "/accessibility", element: <AccessibilityStatement /> },
          { path: "/privacy", element: <PrivacyNotice /> },
          { path: "/contact", element: <ContactPage /> },
          {
            element: <RequireUser />,
            children: [
              { path: "/", element: <Home /> },
              { path: "/c/:collection", element: <CaseList /> },
              { path: "/c/:collection/new", element: <Editor mode="create" /> },
              { path: "/c/:collection/owner-queue", element: <OwnerQueue /> },
              { path: "/c/:collection/import", element: <ImportLegacy /> },
              { path: "/dashboard", element: <KeepQuery to={`/c/${HOME_COLLECTION}/dashboard`} /> },
              { path: "/c/:collection/dashboard", element: <DashboardPage /> },
              { path: "/learning", element: <LearningLibrary /> },
              { path: "/c/:collection/learning", element: <LearningLibrary /> },
              { path: "/c/:collection/:id", element: <CasePage /> },
              { path: "/c/:collection/:id/edit", element: <Editor mode="edit" /> },
              { path: "/c/:collection/:id/history", element: <CaseHistory /> },
              { path: "/c/:collection/:id/actions/:action", element: <ActionPage /> },
              { path: "/c/:collection/actions/:action", element: <ActionList /> },
              { path: "/extract", element: <Extract /> },
              { path: "/extract-log", element: <ExtractLog /> },
              { path: "/users", element: <Users /> },
              { path: "/users/new", element: <AddUser /> },
              { path: "/users/:id", element: <ChangeUser /> },
              { path: "/audit", element: <AuditTrail /> },
              { path: "/standards", element: <Standards /> },
              { path: "/standards/:collection/diff", element: <StandardsDiff /> },
              { path: "/standards/:collection/:version/preview", element: <StandardsPreviewPage /> },
              { path: "/standards/:collection/:version/impact", element: <StandardsImpact /> },
            ],
          },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
]);

/** Redirects to `to` with the address's query, so a bookmarked /dashboard?quarter=… keeps its quarter. */
function KeepQuery({ to }: { to: string }) {
  const { search } = useLocation();
  return <Navigate to={`${to}${search}`} replace />;
}

type AppState = { status: Session["status"]; session: SignedIn | null; error?: unknown; signedOutReason?: string };

/** Who is signed in, as the page says (bootstrap.ts); "loading" when only /auth/me can say. */
function firstState(): AppState {
  // The sign-in pages need nobody signed in.
  if (window.location.pathname === "/sign-in" || window.location.pathname === "/signed-out") return { status: "ready", session: null };
  if (bootstrap) return { status: "ready", session: bootstrap.session ? adoptSession(bootstrap.session) : null };
  return { status: "loading", session: null };
}

export function App() {
  const [state, setState] = useState<AppState>(firstState);
  useEffect(() => {
    if (state.status !== "loading") return;
    let live = true;
    api.me().then(
      (session) => live && setState({ status: "ready", session }),
      (error: unknown) => live && setState({ status: "error", session: null, error }),
    );
    return () => {
      live = false;
    };
    // Only the first state can be "loading": this asks at most once.
  }, []);
  const setSession = useCallback((session: SignedIn | null, signedOutReason?: string) => setState({ status: "ready", session, ...(signedOutReason ? { signedOutReason } : {}) }), []);
  const session = useMemo<Session>(
    () => ({
      status: state.status,
      ...(state.error !== undefined ? { error: state.error } : {}),
      ...(state.signedOutReason !== undefined ? { signedOutReason: state.signedOutReason } : {}),
      user: state.session?.user ?? null,
      permissions: state.session?.permissions ?? null,
      organisationStatus: state.session?.organisationStatus ?? null,
      times: state.session?.session ?? null,
      setSession,
    }),
    [state, setSession],
  );
  return (
    <SessionContext.Provider value={session}>
      <RouterProvider router={router} />
    </SessionContext.Provider>
  );
}

/** Pages that need someone signed in send everyone else to the sign-in page. */
function RequireUser() {
  const { user, signedOutReason } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to={signedOutReason ? `/sign-in?reason=${signedOutReason}` : "/sign-in"} replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

function Shell() {
  const { status, user, error, times } = useSession();
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header user={user} />
      <PhaseBanner />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper app-main" id="maincontent" tabIndex={-1}>
          {user && times ? <SessionTimeout times={times} /> : null}
          {status === "loading" ? <Loading /> : status === "error" ? <ErrorView error={error} /> : <Outlet />}
        </main>
      </div>
      <Footer />
    </>
  );
}

/** The service is in beta: say so on every page, with a way to give feedback. */
function PhaseBanner() {
  return (
    <div className="app-phase-banner nhsuk-width-container app-no-print">
      <p className="app-phase-banner__content">
        <strong className="nhsuk-tag nhsuk-tag--blue app-phase-banner__tag">Beta</strong>
        <span className="app-phase-banner__text">
          This is a new service. Help us improve it and <FeedbackLink>give your feedback</FeedbackLink>.
        </span>
      </p>
    </div>
  );
}

/** NHS.UK frontend's footer: the service's own pages, then the copyright. */
function Footer() {
  const links = [
    { to: "/accessibility", text: "Accessibility statement" },
    { to: "/privacy", text: "Privacy notice" },
    { to: "/contact", text: "Contact us" },
  ];
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <ul className="nhsuk-footer__list">
            {links.map((link) => (
              <li className="nhsuk-footer__list-item" key={link.to}>
                <Link className="nhsuk-footer__list-item-link" to={link.to}>
                  {link.text}
                </Link>
              </li>
            ))}
          </ul>
          <p className="nhsuk-body-s">© NHS England</p>
        </div>
      </div>
    </footer>
  );
}

function Header({ user }: { user: PublicUser | null }) {
  const { setSession, permissions } = useSession();
  const navigate = useNavigate();
  const signOut = async (event: FormEvent) => {
    event.preventDefault();
    let providerSignOut: string | null = null;
    try {
      providerSignOut = await api.logout();
    } catch {
      // Signed out already, or the server is unreachable: either way, forget the user here.
    }
    // With single sign-on, sign out there too; it sends the browser back to /signed-out.
    if (providerSignOut) {
      window.location.assign(providerSignOut);
      return;
    }
    navigate("/sign-in", { replace: true });
    setSession(null);
  };
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to="/" aria-label={`NHS ${SERVICE_NAME} homepage`}>
            <svg
              className="nhsuk-header__logo"
              xmlns="http://www.w3.org/2000/svg"
              viewBox="0 0 200 80"
              height="40"
              width="100"
              focusable="false"
              role="img"
              aria-label="NHS"
            >
              <title>NHS</title>
              <path
                fill="currentcolor"
                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
              />
            </svg>
            <span className="nhsuk-header__service-name">{SERVICE_NAME}</span>
          </Link>
        </div>
        {user ? (
          <nav className="nhsuk-header__account" aria-label="Account">
            <ul className="nhsuk-header__account-list">
              {/* One line: the name, with the role and organisation shortened to its code (the full name on hover and for screen readers). */}
              <li className="nhsuk-header__account-item app-header__account-user">
                <Icon name="user" />
                <span>
                  {user.displayName}
                  <span className="app-header__account-role">
                    , {user.roleName},{" "}
                    <abbr title={user.organisation.name}>
                      <span aria-hidden="true">{user.organisation.code}</span>
                      <span className="nhsuk-u-visually-hidden">{user.organisation.name}</span>
                    </abbr>
                  </span>
                </span>
              </li>
              <li className="nhsuk-header__account-item">
                <form className="nhsuk-header__account-form" action="/auth/logout" method="post" noValidate onSubmit={signOut}>
                  <button className="nhsuk-header__account-button" type="submit">
                    Sign out
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        ) : null}
      </div>
      {user && permissions ? <Navigation permissions={permissions} /> : null}
    </header>
  );
}

/** The header's links to the tracker's sections; each shown only when the server says the user may use it. */
function Navigation({ permissions }: { permissions: UserPermissions }) {
  const { pathname } = useLocation();
  const links = [
    { to: `/c/${HOME_COLLECTION}`, text: "Cases", show: permissions.readScope !== null },
    { to: `/c/${HOME_COLLECTION}/dashboard`, text: "Dashboard", show: permissions.analyse },
    { to: "/learning", text: "Learning library", show: permissions.analyse },
    { to: "/extract", text: "Extract", show: permissions.analyse },
    { to: "/extract-log", text: "Extract log", show: permissions.viewExtractLog },
    { to: `/c/${HOME_COLLECTION}/owner-queue`, text: "Owner queue", show: permissions.assignOwners },
    { to: "/users", text: "Users", show: permissions.administerUsers },
    { to: "/audit", text: "Audit trail", show: permissions.viewAudit },
    { to: "/standards", text: "Definitions", show: permissions.manageDefinitions },
  ]
    .filter((link) => link.show)
    .map(({ to, text }) => ({ to, text }));
  // The link to this very page is "page"; "Cases" is also marked (as "true") on every page within the cases.
  const current = (to: string): "page" | "true" | undefined => {
    if (pathname === to) return "page";
    if (to === "/users" && pathname.startsWith("/users/")) return "true";
    if (to === "/standards" && pathname.startsWith("/standards/")) return "true";
    const otherSection = /\/(dashboard|learning|owner-queue)$/.test(pathname);
    return to === `/c/${HOME_COLLECTION}` && pathname.startsWith("/c/") && !otherSection ? "true" : undefined;
  };
  return <HeaderNavigation links={links} current={current} />;
}
