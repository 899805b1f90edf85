/** One case: who owns it, how complete it is, its answers, and what the user may do with it. */
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { type CompiledForm, todayInLondon, type ValidationResult } from "../../../engine/runtime/index.ts";
import { api, type CaseRecord } from "../api.ts";
import { errorItem } from "../form/limit-form.ts";
import { loadValidator } from "../form/load-validator.ts";
import { AnswersSummary, formatAnswer } from "../form/summary.ts";
import { loadForm, useAsync } from "./data.ts";
import { captionItem, formatDateTime, isBlank, labelOf, plural, recordTitle } from "./format.ts";
import { CaseAudit } from "./AuditTrail.tsx";
import { ErrorView } from "./Problems.tsx";
import { RecordStatusTag, recordStatusLabel } from "./RecordStatus.tsx";
import "./case-page.css";
import { BackLink, InsetText, Loading, PageHeading, SuccessBanner, usePageTitle, useSession } from "./shared.tsx";

/** The caption over a record's title: the answer that says what kind of record it is. */
export function recordCaption(form: CompiledForm, data: Record<string, unknown>): string | undefined {
  const item = captionItem(form);
  if (!item || isBlank(data[item.key])) return undefined;
  const other = data[`${item.key}_other`];
  if (data[item.key] === "other" && typeof other === "string" && other.trim()) return other;
  return formatAnswer(form, item.key, data[item.key]);
}

/**
 * What the success banner says happened to the case, from the state the page that saved it
 * navigated with: "added", "updated", an action's own message, or (from older callers) true.
 */
export function savedMessage(saved: unknown, title: string | null): string | null {
  const named = title ? `Case ${title}` : "Case";
  if (saved === "added" || saved === "updated") return `${named} ${saved}`;
  if (saved === true) return `${named} saved`;
  return typeof saved === "string" && saved.trim() ? saved : null;
}

export function CasePage() {
  const { collection = "", id = "" } = useParams();
  const location = useLocation();
  const { permissions, user } = useSession();
  const state = useAsync(async () => {
    const record = await api.get(collection, id);
    const form = await loadForm(collection, record.version);
    return { record, form, check: await checkAnswers(form, record) };
  }, [collection, id]);
  const title = state.data ? recordTitle(state.data.form, state.data.record.data, "Case") : "Case";
  usePageTitle(state.status === "error" ? null : title);
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());
  useEffect(() => {
    // The printed copy says when it was printed, not when the page was opened.
    const update = () => setPrintedAt(new Date().toISOString());
    window.addEventListener("beforeprint", update);
    return () => window.removeEventListener("beforeprint", update);
  }, []);

  if (state.status === "error") return <ErrorView error={state.error} what="Case" />;
  if (!state.data) return <Loading />;
  const { record, form, check } = state.data;
  const retired = form.status === "retired";
  const banner = savedMessage((location.state as { saved?: unknown } | null)?.saved, recordTitle(form, record.data, "") || null);
  // The server says what the caller may do here (role, version, owner open, the actions' conditions).
  const mayEdit = record.permissions.edit;
  const writable = new Set(mayEdit ? record.permissions.writableItems : []);
  const actions = (form.collection.actions ?? []).filter((a) => record.permissions.actions.includes(a.id));
  const caseUrl = `/c/${collection}/${record.id}`;
  const marking = (
    <div className="app-print-only">
      <p className="app-protective-marking">OFFICIAL-SENSITIVE</p>
    </div>
  );

  return (
    <div className="app-case-page">
      {marking}
      <BackLink to={`/c/${collection}`}>Back to all cases</BackLink>
      {banner ? <SuccessBanner>{banner}</SuccessBanner> : null}
      <PageHeading caption={recordCaption(form, record.data)}>{title}</PageHeading>
      <div className="app-print-only">
        <p className="nhsuk-body-s">
          Printed {formatDateTime(printedAt)}
          {user ? ` by ${user.displayName}` : ""}
        </p>
      </div>
      <CaseFacts record={record} form={form} check={check} />
      {retired ? (
        <InsetText>
          <p>This case was recorded under {form.title}, which is retired. It is read-only until it has been migrated to the current version of the tracker.</p>
        </InsetText>
      ) : null}
      <div className="nhsuk-button-group">
        {actions.map((action) => (
          <Link className="nhsuk-button" key={action.id} to={`${caseUrl}/actions/${action.id}`}>
            {action.title}
          </Link>
        ))}
        {mayEdit ? (
          <Link className={actions.length ? "nhsuk-button nhsuk-button--secondary" : "nhsuk-button"} to={`${caseUrl}/edit`}>
            Edit case
          </Link>
        ) : null}
        <Link className="nhsuk-link app-no-print" to={`${caseUrl}/history`}>
          View history
        </Link>
      </div>
      <AnswersSummary form={form} data={record.data} changeHref={(key) => (writable.has(key) ? `${caseUrl}/edit` : undefined)} />
      {/* The server says who may see the trail; asking without leave would only be refused. */}
      {permissions?.viewAudit ? <CaseAudit collection={collection} id={record.id} /> : null}
      {marking}
    </div>
  );
}

/**
 * The record against its version's rules, by the engine's own validator (the one the form and
 * the server use): how many required answers are missing and what else is wrong. Null when the
 * validator cannot be loaded; the page then says what the server stored.
 */
async function checkAnswers(form: CompiledForm, record: CaseRecord): Promise<ValidationResult | null> {
  try {
    const validate = await loadValidator(form);
    return validate(record.data, { today: todayInLondon(), previous: record.data });
  } catch {
    return null;
  }
}

/** Status, owner, completeness, last change and version, as a summary list beside the title. */
function CaseFacts({ record, form, check }: { record: CaseRecord; form: CompiledForm; check: ValidationResult | null }) {
  const ownerLabel = (record.owner.type ?? form.ownerOrganisationType).toUpperCase();
  const statusLabel = recordStatusLabel(form);
  return (
    <dl className="nhsuk-summary-list app-case-facts">
      {statusLabel ? (
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">{statusLabel}</dt>
          <dd className="nhsuk-summary-list__value">
            <RecordStatusTag form={form} data={record.data} />
          </dd>
        </div>
      ) : null}
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{ownerLabel}</dt>
        <dd className="nhsuk-summary-list__value">
          {record.owner.name} ({record.owner.code}){record.owner.open ? "" : ", closed"}
        </dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Region</dt>
        <dd className="nhsuk-summary-list__value">{record.owner.region ? `${record.owner.region.name} (${record.owner.region.code})` : "Not known"}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Completeness</dt>
        <dd className="nhsuk-summary-list__value">
          <Completeness form={form} record={record} check={check} />
        </dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Last updated</dt>
        <dd className="nhsuk-summary-list__value">
          {formatDateTime(record.updatedAt)} by {record.updatedBy.displayName}
        </dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Version</dt>
        <dd className="nhsuk-summary-list__value">
          {form.title}
          {form.status === "retired" ? " (retired)" : ""}
        </dd>
      </div>
    </dl>
  );
}

/** Complete, or incomplete with the required answers missing (and how many other problems). */
function Completeness({ form, record, check }: { form: CompiledForm; record: CaseRecord; check: ValidationResult | null }) {
  // Without the validator, what the server stored: its flag and the items it listed as missing.
  const complete = check ? check.valid : record.complete;
  if (complete) return <strong className="nhsuk-tag nhsuk-tag--green">Complete</strong>;
  const missing = check ? [...new Set(check.errors.filter((e) => e.code === "required").map((e) => errorItem(e.path)))] : record.missing.map(errorItem);
  const others = check ? check.errors.length + (check.moreErrors ?? 0) - check.errors.filter((e) => e.code === "required").length : 0;
  return (
    <>
      <strong className="nhsuk-tag nhsuk-tag--yellow">Incomplete</strong>
      {missing.length > 0 ? (
        <>
          <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-1">
            {plural(missing.length, "required answer")} missing:
          </p>
          <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
            {missing.map((key) => (
              <li key={key}>{labelOf(form, key)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {others > 0 ? <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">{others === 1 ? "1 other answer does not meet the rules." : `${others.toLocaleString("en-GB")} other answers do not meet the rules.`}</p> : null}
    </>
  );
}
