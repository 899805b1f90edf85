/** Small building blocks shared by the pages, in NHS.UK frontend markup. */
import { createContext, useContext, useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import type { OrganisationStatus, PublicUser, SessionTimes, SignedIn, UserPermissions } from "../api.ts";
import { SERVICE_NAME } from "./format.ts";

export interface Session {
  /** "loading" until the server has said who is signed in (if anyone). */
  status: "loading" | "ready" | "error";
  user: PublicUser | null;
  /** What the server says the user may do; pages never work it out from the role. */
  permissions: UserPermissions | null;
  /** An ICB user's organisation today (closed: records cannot be added or changed). */
  organisationStatus: OrganisationStatus | null;
  /** When the session ends (idle timeout, absolute end), for the warning before it does. */
  times: SessionTimes | null;
  error?: unknown;
  /** Why nobody is signed in any more, when the session ended by itself (idle, expired). */
  signedOutReason?: string;
  setSession(session: SignedIn | null, signedOutReason?: string): void;
}

export const SessionContext = createContext<Session>({ status: "loading", user: null, permissions: null, organisationStatus: null, times: null, setSession: () => undefined });

export function useSession(): Session {
  return useContext(SessionContext);
}

/**
 * Sets document.title: "<Page> - Safeguarding Case Review Tracker - NHS England", prefixed
 * "Error: " when the page shows an error. Pass null while an error page (which sets its own
 * title) is shown instead: a parent's effect runs after its children's and would win.
 */
export function usePageTitle(title: string | null, error = false): void {
  useEffect(() => {
    if (title !== null) document.title = `${error ? "Error: " : ""}${title} - ${SERVICE_NAME} - NHS England`;
  }, [title, error]);
}

// Focus moves to the page's h1 whenever the path or query changes (not on the first load, and
// not for a change of fragment alone), or when a page asks for it on changing step.
let lastHeadingPath = typeof window === "undefined" ? "" : window.location.pathname + window.location.search;
let headingFocusRequested = false;

/** The next PageHeading to render takes focus (for steps within one page). */
export function requestHeadingFocus(): void {
  headingFocusRequested = true;
}

export function PageHeading({ children, caption }: { children: ReactNode; caption?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname, search } = useLocation();
  // After every render: a step change may re-render this same heading rather than mount a new one.
  useEffect(() => {
    const here = pathname + search;
    if (here !== lastHeadingPath || headingFocusRequested) {
      lastHeadingPath = here;
      headingFocusRequested = false;
      ref.current?.focus();
    }
  });
  return (
    <h1 className="nhsuk-heading-l app-page-heading" tabIndex={-1} ref={ref}>
      {caption ? (
        <span className="nhsuk-caption-l">
          {caption}
          <span className="nhsuk-u-visually-hidden"> - </span>
        </span>
      ) : null}
      {children}
    </h1>
  );
}

export interface ErrorItem {
  text: string;
  /** Id of the control to focus, without "#". */
  target?: string;
}

/** Moves focus to an element, or to the first focusable control inside it if it is a wrapper. */
export function focusElement(element: HTMLElement): boolean {
  const focusable = element.matches("input, select, textarea, button, a[href], [tabindex]")
    ? element
    : element.querySelector<HTMLElement>("input, select, textarea, button, a[href]");
  if (!focusable) return false;
  focusable.focus();
  (element.closest("fieldset") ?? element).scrollIntoView({ block: "start" });
  return true;
}

/** Moves focus to the element with this id (see focusElement). */
export function focusById(id: string): boolean {
  const element = document.getElementById(id);
  return element ? focusElement(element) : false;
}

/** NHS error summary; takes focus when it appears and whenever `focusKey` changes. */
export function ErrorSummary({
  title = "There is a problem",
  description,
  items = [],
  focusKey,
}: {
  title?: string;
  description?: ReactNode;
  items?: ErrorItem[];
  focusKey?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  const jump = (target: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (focusById(target)) event.preventDefault();
  };
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading" id="error-summary-title">
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          {items.length > 0 ? (
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {items.map((item) => (
                <li key={`${item.target ?? ""}:${item.text}`}>
                  {item.target ? (
                    <a href={`#${item.target}`} onClick={jump(item.target)}>
                      {item.text}
                    </a>
                  ) : (
                    item.text
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link className="nhsuk-back-link" to={to}>
      {children}
    </Link>
  );
}

/** A back link that changes step within a page rather than going to another page. */
export function BackButton({ onClick, children = "Back" }: { onClick(): void; children?: ReactNode }) {
  return (
    <button type="button" className="nhsuk-back-link" onClick={onClick}>
      {children}
    </button>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="nhsuk-body" role="status">
      {what}…
    </p>
  );
}

const ICON_PATHS = {
  "arrow-left": "M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z",
  "arrow-right": "m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z",
  user: "M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z",
} as const;

/** An NHS.UK frontend icon, decorative (hidden from assistive technology). */
export function Icon({ name }: { name: keyof typeof ICON_PATHS }) {
  return (
    <svg className={`nhsuk-icon nhsuk-icon--${name}`} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}

function Arrow({ direction }: { direction: "left" | "right" }) {
  return <Icon name={`arrow-${direction}`} />;
}

/** Page numbers to show: the first, the last, and the current one with its neighbours. */
export function pageNumbers(page: number, totalPages: number): (number | "gap")[] {
  const wanted = [...new Set([1, page - 1, page, page + 1, totalPages])].filter((n) => n >= 1 && n <= totalPages).sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  for (const n of wanted) {
    const last = out.at(-1);
    if (typeof last === "number" && n - last > 1) out.push(n - last === 2 ? n - 1 : "gap");
    out.push(n);
  }
  return out;
}

/** NHS numbered pagination; renders nothing for a single page, nor past the end (PastTheEnd says so instead). */
export function Pagination({ page, totalPages, hrefFor }: { page: number; totalPages: number; hrefFor(page: number): string }) {
  if (totalPages <= 1 || page > totalPages) return null;
  return (
    <nav className="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pagination">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="nhsuk-pagination__previous" rel="prev">
          <Arrow direction="left" />
          <span className="nhsuk-pagination__title">
            Previous<span className="nhsuk-u-visually-hidden"> page</span>
          </span>
        </Link>
      ) : null}
      <ul className="nhsuk-pagination__list">
        {pageNumbers(page, totalPages).map((n, i) =>
          n === "gap" ? (
            <li key={`gap-${i}`} className="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">
              &ctdot;
            </li>
          ) : (
            <li key={n} className={`nhsuk-pagination__item${n === page ? " nhsuk-pagination__item--current" : ""}`}>
              <Link className="nhsuk-pagination__link" to={hrefFor(n)} aria-label={`Page ${n}`} aria-current={n === page ? "page" : undefined}>
                {n}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < totalPages ? (
        <Link to={hrefFor(page + 1)} className="nhsuk-pagination__next" rel="next">
          <span className="nhsuk-pagination__title">
            Next<span className="nhsuk-u-visually-hidden"> page</span>
          </span>
          <Arrow direction="right" />
        </Link>
      ) : null}
    </nav>
  );
}

/** Where a page of a list stands: its number, its rows, the list's total and its pages. */
interface PageWhere {
  page: number;
  rows: number;
  total: number;
  totalPages: number;
}

/** Whether a page lies past the end of a list that has rows (PastTheEnd then says so). */
export function isPastTheEnd({ page, rows, total, totalPages }: PageWhere): boolean {
  return rows === 0 && total > 0 && page > totalPages;
}

/**
 * A page past the end of a list, which an address kept from before can ask for (a bookmark, a
 * list that has since shrunk): says so and links to the last page. Nothing when the page has
 * rows or the list has none (each list says in its own words that it is empty).
 */
export function PastTheEnd({ page, rows, total, totalPages, what, counted = true, hrefFor }: PageWhere & { what: string; counted?: boolean; hrefFor(page: number): string }) {
  if (!isPastTheEnd({ page, rows, total, totalPages })) return null;
  return (
    <p className="nhsuk-body">
      There are no {what} on page {page.toLocaleString("en-GB")}: the list has {totalPages.toLocaleString("en-GB")} {totalPages === 1 ? "page" : "pages"}
      {counted ? "" : " that we know of"}. <Link to={hrefFor(totalPages)}>Go to page {totalPages.toLocaleString("en-GB")}</Link>
    </p>
  );
}

/** Success banner (role alert), as after saving. */
export function SuccessBanner({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="notification-banner-title">
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="notification-banner-title">
          Success
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {children}
    </div>
  );
}

/**
 * The user's organisation has closed: said where they would start a case, not after they
 * have filled one in. The message (from the server) names the successor(s).
 */
export function ClosedOrganisation({ status }: { status: OrganisationStatus }) {
  return (
    <div className="nhsuk-warning-callout" id="organisation-closed">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {status.name} has closed
        </span>
      </h2>
      <p>{status.message}</p>
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A choice list's codes as select options (retired codes say so: old records still hold them). */
export function choiceOptions(choices: readonly { code: string; label: string; retired?: boolean }[] | undefined): SelectOption[] {
  return (choices ?? []).map((c) => ({ value: c.code, label: `${c.label}${c.retired ? " (no longer used)" : ""}` }));
}

/** A labelled NHS select in a filter row; `any` names the empty first option when there is one. */
export function SelectField({ id, name, label, value, options, any }: { id: string; name: string; label: ReactNode; value: string; options: SelectOption[]; any?: string }) {
  return (
    <div className="nhsuk-form-group app-filters__field">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="nhsuk-select" id={id} name={name} defaultValue={value}>
        {any !== undefined ? <option value="">{any}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A table of rows wider than a phone: a region that takes focus, so that keyboard users can
 * scroll it on a small screen, with its caption and column headings.
 */
export function ScrollingTable({ id, caption, headings, children }: { id: string; caption: ReactNode; headings: readonly string[]; children: ReactNode }) {
  return (
    <div className="nhsuk-table-container" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="nhsuk-table nhsuk-u-font-size-16">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s" id={`${id}-caption`}>
          {caption}
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {headings.map((heading) => (
              <th className="nhsuk-table__header" scope="col" key={heading}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">{children}</tbody>
      </table>
    </div>
  );
}
