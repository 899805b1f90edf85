/**
 * The signed-in user's unsaved cases (drafts), shown above the case list so that they can be
 * picked up again, and the banner after "Save and come back later". Only their author ever
 * sees a draft: the server lists the caller's own.
 */
import { Link, useLocation } from "react-router";
import { api } from "../api.ts";
import { loadCollection, useAsync } from "./data.ts";
import { formatDateTime, recordTitle } from "./format.ts";
import { SuccessBanner } from "./shared.tsx";

/** After "Save and come back later" (the editor sends `state.draftKept`). */
export function DraftKeptBanner() {
  const location = useLocation();
  if ((location.state as { draftKept?: unknown } | null)?.draftKept !== true) return null;
  return <SuccessBanner>Your answers have been kept as a draft. Only you can see it: carry on with it from "Your unsaved cases".</SuccessBanner>;
}

export function Drafts({ collection }: { collection: string }) {
  const state = useAsync(async () => {
    const { items } = await api.drafts();
    const mine = items.filter((d) => d.collection === collection);
    if (mine.length === 0) return { drafts: mine, form: null };
    return { drafts: mine, form: (await loadCollection(collection)).current };
  }, [collection]);
  // A list that cannot be read is left out: the case list matters more than this reminder.
  if (!state.data || state.data.drafts.length === 0 || !state.data.form) return null;
  const { drafts, form } = state.data;
  return (
    <section aria-labelledby="drafts-heading" className="app-drafts">
      <h2 className="nhsuk-heading-m" id="drafts-heading">
        Your unsaved cases
      </h2>
      <p className="nhsuk-body">Only you can see these. Each is deleted if it is not changed for a while.</p>
      <dl className="nhsuk-summary-list">
        {drafts.map((draft) => {
          const title = recordTitle(form, draft.data, draft.recordId ? "Case" : "New case without an identifier");
          const href = draft.recordId ? `/c/${collection}/${draft.recordId}/edit?draft=${draft.key}` : `/c/${collection}/new?draft=${draft.key}`;
          return (
            <div className="nhsuk-summary-list__row" key={draft.key}>
              <dt className="nhsuk-summary-list__key">{title}</dt>
              <dd className="nhsuk-summary-list__value">
                {draft.recordId ? "Changes to a saved case" : "A new case"}, last changed {formatDateTime(draft.updatedAt)}. Kept until {formatDateTime(draft.expiresAt)}.
              </dd>
              <dd className="nhsuk-summary-list__actions">
                <Link to={href}>
                  Continue<span className="nhsuk-u-visually-hidden"> with {title}</span>
                </Link>
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
