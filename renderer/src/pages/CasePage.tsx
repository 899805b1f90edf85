/** One case: who owns it, how complete it is, its answers, and what the user may do with it. */
import { Link, useLocation, useParams } from "react-router";
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import { api, type CaseRecord } from "../api.ts";
import { AnswersSummary, formatAnswer } from "../form/summary.ts";
import { loadForm, useAsync } from "./data.ts";
import { captionItem, formatDateTime, isBlank, labelOf, recordTitle } from "./format.ts";
import { CaseAudit } from "./AuditTrail.tsx";
import { ErrorView } from "./Problems.tsx";
import { InsetText, Loading, PageHeading, SuccessBanner, usePageTitle, useSession } from "./shared.tsx";

/** The caption over a record's title: the answer that says what kind of record it is. */
export function recordCaption(form: CompiledForm, data: Record<string, unknown>): string | undefined {
  const item = captionItem(form);
  if (!item || isBlank(data[item.key])) return undefined;
  const other = data[`${item.key}_other`];
  if (data[item.key] === "other" && typeof other === "string" && other.trim()) return other;
  return formatAnswer(form, item.key, data[item.key]);
}

export function CasePage() {
  const { collection = "", id = "" } = useParams();
  const location = useLocation();
  const { permissions } = useSession();
  const saved = (location.state as { saved?: unknown } | null)?.saved === true;
  const state = useAsync(async () => {
    const record = await api.get(collection, id);
    return { record, form: await loadForm(collection, record.version) };
  }, [collection, id]);
  const title = state.data ? recordTitle(state.data.form, state.data.record.data, "Case") : "Case";
  usePageTitle(state.status === "error" ? null : title);

  if (state.status === "error") return <ErrorView error={state.error} what="Case" />;
  if (!state.data) return <Loading />;
  const { record, form } = state.data;
  const retired = form.status === "retired";
  // The server says whether the caller can change anything here (role, version, owner open).
  const mayEdit = record.permissions.edit;

  return (
    <>
      {saved ? <SuccessBanner>Case saved</SuccessBanner> : null}
      <PageHeading caption={recordCaption(form, record.data)}>{title}</PageHeading>
      <CaseFacts record={record} form={form} />
      {retired ? (
        <InsetText>
          <p>This case was recorded under {form.title}, which is retired. It is read-only until it has been migrated to the current version of the tracker.</p>
        </InsetText>
      ) : null}
      <div className="nhsuk-button-group">
        {mayEdit ? (
          <Link className="nhsuk-button" to={`/c/${collection}/${record.id}/edit`}>
            Edit case
          </Link>
        ) : null}
        <Link className="nhsuk-link" to={`/c/${collection}/${record.id}/history`}>
          View history
        </Link>
      </div>
      <AnswersSummary form={form} data={record.data} />
      {/* The server says who may see the trail; asking without leave would only be refused. */}
      {permissions?.viewAudit ? <CaseAudit collection={collection} id={record.id} /> : null}
      <p className="nhsuk-body">
        <Link to={`/c/${collection}`}>Back to all cases</Link>
      </p>
    </>
  );
}

/** Owner, completeness, last change and version, as a summary list. */
function CaseFacts({ record, form }: { record: CaseRecord; form: CompiledForm }) {
  const ownerLabel = (record.owner.type ?? form.ownerOrganisationType).toUpperCase();
  return (
    <dl className="nhsuk-summary-list">
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
          {record.complete ? (
            <strong className="nhsuk-tag nhsuk-tag--green">Complete</strong>
          ) : (
            <>
              <strong className="nhsuk-tag nhsuk-tag--yellow">Incomplete</strong>
              {record.missing.length > 0 ? (
                <>
                  <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-1">Missing answers:</p>
                  <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
                    {record.missing.map((key) => (
                      <li key={key}>{labelOf(form, key.replace(/^\//, "").split("/")[0]!)}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          )}
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
