/**
 * User administration, for the users the server lets administer accounts: the list of
 * accounts, adding one, and changing, deactivating or reactivating one. Every rule (which
 * organisations fit a role, who may be a user administrator, what an administrator may do to
 * their own account) is the server's: the forms offer what /api/users/roles states and show
 * the server's refusals at their fields.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { api, ApiError, type FieldError, type ManagedUser, type RoleChoice } from "../api.ts";
import { useAsync } from "./data.ts";
import { formatDateTime, plural } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import {
  BackLink,
  ErrorSummary,
  Loading,
  PageHeading,
  Pagination,
  PastTheEnd,
  requestHeadingFocus,
  ScrollingTable,
  SuccessBanner,
  usePageTitle,
  useSession,
  type ErrorItem,
} from "./shared.tsx";

const LIST_TITLE = "Users";
const ADD_TITLE = "Add a user";
const NO_ACCESS = "Only national users with the user administrator permission manage accounts.";

/** A message carried to the next page after a change (router state). */
interface Notice {
  notice?: string;
}

/** Whether the page may be used: the server's word (/auth/me), not the role's. */
function useAdministers(): boolean {
  return useSession().permissions?.administerUsers === true;
}

// --- The list ------------------------------------------------------------------------------

export function Users() {
  const allowed = useAdministers();
  const [params, setParams] = useSearchParams();
  const { pathname, state: routeState } = useLocation();
  const notice = (routeState as Notice | null)?.notice ?? null;
  const state = useAsync(async () => (allowed ? api.users(params) : null), [allowed, params.toString()]);
  usePageTitle(state.status === "error" || !allowed ? null : LIST_TITLE);

  if (!allowed) return <NoAccess message={NO_ACCESS} />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  const page = state.data;
  const filtered = params.has("q") || params.has("status");
  const totalPages = Math.max(1, Math.ceil(page.total / page.pageSize));

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ["q", "status"]) {
      const value = data.get(key);
      if (typeof value === "string" && value.trim()) next.set(key, value.trim());
    }
    setParams(next);
  };
  const hrefFor = (n: number) => {
    const next = new URLSearchParams(params);
    if (n === 1) next.delete("page");
    else next.set("page", String(n));
    return next.size ? `${pathname}?${next.toString()}` : pathname;
  };

  return (
    <>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <PageHeading>{LIST_TITLE}</PageHeading>
      <p className="nhsuk-body">
        Everyone who can sign in to the tracker. People sign in through the NHS identity provider with the email address of their account; the first sign-in links
        the two.
      </p>
      <Link className="nhsuk-button" to="/users/new">
        {ADD_TITLE}
      </Link>
      <form className="app-filters" method="get" noValidate onSubmit={apply} aria-labelledby="user-filters-heading" key={params.toString()}>
        <h2 className="nhsuk-heading-s" id="user-filters-heading">
          Find a user
        </h2>
        <div className="app-filters__row">
          <div className="nhsuk-form-group app-filters__field">
            <label className="nhsuk-label" htmlFor="users-q">
              Name, email or organisation code
            </label>
            <input className="nhsuk-input nhsuk-input--width-20" id="users-q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
          </div>
          <div className="nhsuk-form-group app-filters__field">
            <label className="nhsuk-label" htmlFor="users-status">
              Status
            </label>
            <select className="nhsuk-select" id="users-status" name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">Any</option>
              <option value="active">Active</option>
              <option value="deactivated">Deactivated</option>
            </select>
          </div>
        </div>
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Search
        </button>
      </form>
      <p className="nhsuk-body nhsuk-u-font-weight-bold" role="status">
        {plural(page.total, "user")}
        {filtered ? ` ${page.total === 1 ? "matches" : "match"} your search` : ""}
      </p>
      {page.items.length ? <UserTable users={page.items} caption={`Users by name${totalPages > 1 ? ` (page ${page.page} of ${totalPages})` : ""}`} /> : null}
      <PastTheEnd page={page.page} rows={page.items.length} total={page.total} totalPages={totalPages} what="users" hrefFor={hrefFor} />
      <Pagination page={page.page} totalPages={totalPages} hrefFor={hrefFor} />
    </>
  );
}

function StatusTag({ active }: { active: boolean }) {
  return active ? <strong className="nhsuk-tag nhsuk-tag--green">Active</strong> : <strong className="nhsuk-tag nhsuk-tag--grey">Deactivated</strong>;
}

function UserTable({ users, caption }: { users: ManagedUser[]; caption: string }) {
  return (
    <ScrollingTable id="users" caption={caption} headings={["Name", "Email", "Role", "Organisation", "Status", "Last signed in"]}>
      {users.map((user) => (
        <tr className="nhsuk-table__row" key={user.id}>
          <td className="nhsuk-table__cell">
            <Link to={`/users/${encodeURIComponent(user.id)}`}>{user.displayName}</Link>
          </td>
          <td className="nhsuk-table__cell">{user.email ?? user.username}</td>
          <td className="nhsuk-table__cell">
            {user.roleName}
            {user.userAdmin ? ", user administrator" : ""}
          </td>
          <td className="nhsuk-table__cell">
            {user.organisation.name} ({user.organisation.code})
          </td>
          <td className="nhsuk-table__cell">
            <StatusTag active={user.active} />
          </td>
          <td className="nhsuk-table__cell">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}</td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

// --- The fields of an account ----------------------------------------------------------------

type Field = "email" | "displayName" | "role" | "orgCode" | "userAdmin" | "active";

interface Account {
  email: string;
  displayName: string;
  role: string;
  orgCode: string;
  userAdmin: boolean;
}

/** What the server refused, by field (from each error's JSON pointer), and for the summary. */
interface Problems {
  byField: Partial<Record<Field, string>>;
  summary: ErrorItem[];
  /** Changes on every failed attempt, so the summary takes focus again. */
  attempt: number;
}

const FIELDS: Field[] = ["email", "displayName", "role", "orgCode", "userAdmin", "active"];

/** The control the summary's link moves focus to. */
function targetOf(field: Field, roles: RoleChoice[]): string {
  if (field === "role") return `role-${roles[0]?.role ?? ""}`;
  if (field === "active") return "status-action";
  return field;
}

function problemsFrom(error: unknown, roles: RoleChoice[], attempt: number): Problems {
  if (!(error instanceof ApiError)) return { byField: {}, summary: [{ text: "The account could not be saved. Try again." }], attempt };
  const byField: Partial<Record<Field, string>> = {};
  const summary: ErrorItem[] = [];
  for (const e of error.errors as FieldError[]) {
    const field = FIELDS.find((f) => `/${f}` === e.path);
    if (field && !byField[field]) byField[field] = e.message;
    summary.push({ text: e.message, ...(field ? { target: targetOf(field, roles) } : {}) });
  }
  if (!summary.length) summary.push({ text: error.message });
  return { byField, summary, attempt };
}

function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {children}
    </span>
  );
}

function TextField({ id, label, hint, value, onChange, error, type = "text", autoComplete }: { id: Field; label: string; hint?: string; value: string; onChange(value: string): void; error: string | undefined; type?: string; autoComplete?: string }) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`nhsuk-input nhsuk-input--width-30${error ? " nhsuk-input--error" : ""}`}
        id={id}
        name={id}
        type={type}
        spellCheck={false}
        autoComplete={autoComplete ?? "off"}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

/**
 * Role, organisation and user administrator permission. The organisations offered are those the
 * server says fit the chosen role today; the account's own (perhaps since closed) stays listed
 * so that an unchanged account can be saved as it is.
 */
function RoleFields({ roles, account, onChange, problems, current }: { roles: RoleChoice[]; account: Account; onChange(account: Account): void; problems: Problems | null; current?: ManagedUser }) {
  const chosen = roles.find((r) => r.role === account.role);
  const error = (field: Field) => problems?.byField[field];
  const chooseRole = (role: string) => {
    const choice = roles.find((r) => r.role === role);
    const organisations = choice?.organisations ?? [];
    const keep = organisations.some((o) => o.code === account.orgCode) || (current && role === current.role && account.orgCode === current.organisation.code);
    const only = organisations.length === 1 ? organisations[0]!.code : "";
    onChange({ ...account, role, orgCode: keep ? account.orgCode : only, userAdmin: choice?.userAdminAllowed ? account.userAdmin : false });
  };
  const options = chosen?.organisations ?? [];
  const keepCurrent = current && current.role === account.role && !options.some((o) => o.code === current.organisation.code) ? current.organisation : null;
  return (
    <>
      <div className={`nhsuk-form-group${error("role") ? " nhsuk-form-group--error" : ""}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={error("role") ? "role-error" : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Role</legend>
          {error("role") ? <ErrorMessage id="role-error">{error("role")}</ErrorMessage> : null}
          <div className="nhsuk-radios">
            {roles.map((role) => (
              <div className="nhsuk-radios__item" key={role.role}>
                <input
                  className="nhsuk-radios__input"
                  id={`role-${role.role}`}
                  name="role"
                  type="radio"
                  value={role.role}
                  checked={account.role === role.role}
                  onChange={() => chooseRole(role.role)}
                  aria-describedby={`role-${role.role}-hint`}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`role-${role.role}`}>
                  {role.roleName}
                </label>
                <div className="nhsuk-hint nhsuk-radios__hint" id={`role-${role.role}-hint`}>
                  Belongs to {role.organisationKind}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <div className={`nhsuk-form-group${error("orgCode") ? " nhsuk-form-group--error" : ""}`}>
        <label className="nhsuk-label" htmlFor="orgCode">
          Organisation
        </label>
        <div className="nhsuk-hint" id="orgCode-hint">
          {chosen ? `${chosen.roleName}s belong to ${chosen.organisationKind}` : "Choose a role first"}
        </div>
        {error("orgCode") ? <ErrorMessage id="orgCode-error">{error("orgCode")}</ErrorMessage> : null}
        <select
          className={`nhsuk-select${error("orgCode") ? " nhsuk-select--error" : ""}`}
          id="orgCode"
          name="orgCode"
          value={account.orgCode}
          onChange={(event) => onChange({ ...account, orgCode: event.target.value })}
          aria-describedby={`orgCode-hint${error("orgCode") ? " orgCode-error" : ""}`}
        >
          <option value="">{chosen ? "Choose an organisation" : "Choose a role first"}</option>
          {keepCurrent ? (
            <option value={keepCurrent.code}>
              {keepCurrent.name} ({keepCurrent.code}), as now
            </option>
          ) : null}
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name} ({o.code})
            </option>
          ))}
        </select>
      </div>
      {chosen?.userAdminAllowed || account.userAdmin || error("userAdmin") ? (
        <div className={`nhsuk-form-group${error("userAdmin") ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby={`userAdmin-hint${error("userAdmin") ? " userAdmin-error" : ""}`}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Permissions</legend>
            <div className="nhsuk-hint" id="userAdmin-hint">
              User administrators add, change and deactivate accounts.
            </div>
            {error("userAdmin") ? <ErrorMessage id="userAdmin-error">{error("userAdmin")}</ErrorMessage> : null}
            <div className="nhsuk-checkboxes">
              <div className="nhsuk-checkboxes__item">
                <input
                  className="nhsuk-checkboxes__input"
                  id="userAdmin"
                  name="userAdmin"
                  type="checkbox"
                  checked={account.userAdmin}
                  onChange={(event) => onChange({ ...account, userAdmin: event.target.checked })}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="userAdmin">
                  User administrator
                </label>
              </div>
            </div>
          </fieldset>
        </div>
      ) : null}
    </>
  );
}

// --- Adding ------------------------------------------------------------------------------

export function AddUser() {
  const allowed = useAdministers();
  const state = useAsync(async () => (allowed ? (await api.userRoles()).items : null), [allowed]);
  usePageTitle(state.status === "loading" && allowed ? ADD_TITLE : null);
  if (!allowed) return <NoAccess message={NO_ACCESS} />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  return <AddUserForm roles={state.data} />;
}

function AddUserForm({ roles }: { roles: RoleChoice[] }) {
  const navigate = useNavigate();
  const { setSession } = useSession();
  const [account, setAccount] = useState<Account>({ email: "", displayName: "", role: "", orgCode: "", userAdmin: false });
  const [problems, setProblems] = useState<Problems | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(ADD_TITLE, problems !== null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const user = await api.addUser(account);
      navigate("/users", { state: { notice: `${user.displayName} (${user.email ?? user.username}) has been added as ${article(user.roleName)} of ${user.organisation.name}.` } satisfies Notice });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setSession(null);
      setProblems((p) => problemsFrom(e, roles, (p?.attempt ?? 0) + 1));
    } finally {
      setBusy(false);
    }
  };

  const error = (field: Field) => problems?.byField[field];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        {problems ? <ErrorSummary items={problems.summary} focusKey={problems.attempt} /> : null}
        <PageHeading>{ADD_TITLE}</PageHeading>
        <p className="nhsuk-body">They sign in through the NHS identity provider with this email address. Their account is linked at their first sign-in.</p>
        <form noValidate onSubmit={submit}>
          <TextField id="email" label="Email address" hint="Their work email, which they sign in with" type="email" value={account.email} onChange={(email) => setAccount({ ...account, email })} error={error("email")} />
          <TextField id="displayName" label="Full name" value={account.displayName} onChange={(displayName) => setAccount({ ...account, displayName })} error={error("displayName")} />
          <RoleFields roles={roles} account={account} onChange={setAccount} problems={problems} />
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Add user
          </button>
        </form>
      </div>
    </div>
  );
}

function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

// --- Changing, deactivating and reactivating -------------------------------------------------

export function ChangeUser() {
  const { id = "" } = useParams();
  const allowed = useAdministers();
  const state = useAsync(async () => {
    if (!allowed) return null;
    const [user, roles] = await Promise.all([api.user(id), api.userRoles()]);
    return { user, roles: roles.items };
  }, [allowed, id]);
  if (!allowed) return <NoAccess message={NO_ACCESS} />;
  if (state.status === "error") return <ErrorView error={state.error} what="User" />;
  if (!state.data) return <Loading />;
  return <ChangeUserForm key={state.data.user.id} initial={state.data.user} roles={state.data.roles} />;
}

function accountOf(user: ManagedUser): Account {
  return { email: user.email ?? "", displayName: user.displayName, role: user.role, orgCode: user.organisation.code, userAdmin: user.userAdmin };
}

function ChangeUserForm({ initial, roles }: { initial: ManagedUser; roles: RoleChoice[] }) {
  const { setSession } = useSession();
  const [user, setUser] = useState(initial);
  const [account, setAccount] = useState<Account>(() => accountOf(initial));
  const [problems, setProblems] = useState<Problems | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const verb = user.active ? "Deactivate" : "Reactivate";
  usePageTitle(confirming ? `${verb} ${user.displayName}` : user.displayName, problems !== null);

  const send = async (change: Parameters<typeof api.changeUser>[1], done: (saved: ManagedUser) => string) => {
    if (busy) return;
    setBusy(true);
    try {
      const saved = await api.changeUser(user.id, change);
      setUser(saved);
      setAccount(accountOf(saved));
      setProblems(null);
      setNotice(done(saved));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setSession(null);
      setNotice(null);
      setProblems((p) => problemsFrom(e, roles, (p?.attempt ?? 0) + 1));
    } finally {
      setBusy(false);
      if (confirming) {
        setConfirming(false);
        requestHeadingFocus();
      }
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    // Only what was changed is sent: an account whose organisation has since closed can still be renamed.
    const before = accountOf(user);
    const change: Parameters<typeof api.changeUser>[1] = {};
    if (account.displayName !== before.displayName) change.displayName = account.displayName;
    if (account.role !== before.role) change.role = account.role;
    if (account.orgCode !== before.orgCode) change.orgCode = account.orgCode;
    if (account.userAdmin !== before.userAdmin) change.userAdmin = account.userAdmin;
    if (!Object.keys(change).length) {
      setProblems(null);
      setNotice("You have not changed anything.");
      return;
    }
    void send(change, (saved) => `${saved.displayName}'s account has been changed.${change.role || change.orgCode ? " They have been signed out, and sign in again with their new role." : ""}`);
  };

  const setActive = (active: boolean) =>
    send({ active, ...(active && account.orgCode !== user.organisation.code ? { orgCode: account.orgCode } : {}) }, (saved) =>
      active ? `${saved.displayName}'s account has been reactivated. They can sign in again.` : `${saved.displayName}'s account has been deactivated. They have been signed out and cannot sign in.`,
    );

  if (confirming) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <PageHeading caption={user.email ?? user.username}>
            {verb} {user.displayName}?
          </PageHeading>
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                {user.active ? "They will be signed out at once" : "They will be able to sign in again"}
              </span>
            </h2>
            <p>
              {user.active
                ? "They will not be able to sign in until a user administrator reactivates their account. Cases and changes they made are kept."
                : `They will sign in as ${article(user.roleName)} of ${user.organisation.name}.`}
            </p>
          </div>
          <div className="nhsuk-button-group">
            <button className={`nhsuk-button${user.active ? " nhsuk-button--warning" : ""}`} type="button" disabled={busy} onClick={() => void setActive(!user.active)}>
              Yes, {verb.toLowerCase()}
            </button>
            <button
              className="nhsuk-button nhsuk-button--secondary"
              type="button"
              onClick={() => {
                setConfirming(false);
                requestHeadingFocus();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      </div>
    );
  }

  const error = (field: Field) => problems?.byField[field];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/users">Back to users</BackLink>
        {problems ? <ErrorSummary items={problems.summary} focusKey={problems.attempt} /> : null}
        {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
        <PageHeading caption="User">{user.displayName}</PageHeading>
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Email">{user.email ?? "None"}</SummaryRow>
          {user.email !== user.username ? <SummaryRow label="Username">{user.username}</SummaryRow> : null}
          <SummaryRow label="Status">
            <StatusTag active={user.active} />
          </SummaryRow>
          <SummaryRow label="Role">
            {user.roleName}
            {user.userAdmin ? ", user administrator" : ""}
          </SummaryRow>
          <SummaryRow label="Organisation">
            {user.organisation.name} ({user.organisation.code})
          </SummaryRow>
          <SummaryRow label="Sign-in">{user.signInLinked ? "Linked to their identity provider account" : "Not linked yet: it is linked at their first sign-in"}</SummaryRow>
          <SummaryRow label="Last signed in">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}</SummaryRow>
          <SummaryRow label="Added">{formatDateTime(user.createdAt)}</SummaryRow>
        </dl>
        <h2 className="nhsuk-heading-m">Change details</h2>
        <p className="nhsuk-body">Changing someone's role or organisation signs them out: they sign in again with what they may now do.</p>
        <form noValidate onSubmit={save}>
          <TextField id="displayName" label="Full name" value={account.displayName} onChange={(displayName) => setAccount({ ...account, displayName })} error={error("displayName")} />
          <RoleFields roles={roles} account={account} onChange={setAccount} problems={problems} current={user} />
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Save changes
          </button>
        </form>
        <h2 className="nhsuk-heading-m">{user.active ? "Deactivate account" : "Reactivate account"}</h2>
        {error("active") ? <ErrorMessage id="active-error">{error("active")}</ErrorMessage> : null}
        <p className="nhsuk-body">
          {user.active
            ? "A deactivated account cannot sign in, and is signed out at once. Cases and changes they made are kept."
            : "A reactivated account can sign in again, with the role and organisation above."}
        </p>
        <button
          className="nhsuk-button nhsuk-button--secondary"
          id="status-action"
          type="button"
          onClick={() => {
            setNotice(null);
            setConfirming(true);
            requestHeadingFocus();
          }}
          aria-describedby={error("active") ? "active-error" : undefined}
        >
          {verb} account
        </button>
      </div>
    </div>
  );
}

function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}
