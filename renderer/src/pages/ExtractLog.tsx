/** The extract log, for the users the server lets see it: every extract made, newest first. */
import { formatLongDate } from "../../../engine/runtime/index.ts";
import { api, type ExtractLogItem } from "../api.ts";
import { quarterLabel } from "./as-at.ts";
import { loadCollections, useAsync } from "./data.ts";
import { formatDateTime, plural } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { Loading, PageHeading, usePageTitle, useSession } from "./shared.tsx";

const TITLE = "Extract log";

export function ExtractLog() {
  const { permissions } = useSession();
  const allowed = permissions?.viewExtractLog === true;
  const state = useAsync(async () => {
    // Asking without the permission would only be refused.
    if (!allowed) return null;
    const [collections, log] = await Promise.all([loadCollections(), api.extractLog()]);
    return { titles: new Map(collections.map((c) => [c.id, c.title])), items: log.items };
  }, [allowed]);
  usePageTitle(state.status === "error" || !allowed ? null : TITLE);

  if (!allowed) return <NoAccess message="Only national users see the extract log." />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  const { titles, items } = state.data;
  return (
    <>
      <PageHeading>{TITLE}</PageHeading>
      <p className="nhsuk-body">Every extract anyone has downloaded or made with the command line: who made it, when, what it showed and a checksum of its records.</p>
      {items.length === 0 ? (
        <p className="nhsuk-body">No extracts have been made yet.</p>
      ) : (
        // A region that takes focus, so that keyboard users can scroll the wide table on a small screen.
        <div className="nhsuk-table-container" role="region" aria-labelledby="extract-log-caption" tabIndex={0}>
          <table className="nhsuk-table nhsuk-u-font-size-16">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="extract-log-caption">
              {plural(items.length, "extract")}, newest first
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {["When", "Who", "Collection", "As at", "Scope", "Format", "Rows", "Checksum (SHA-256)"].map((heading) => (
                  <th className={`nhsuk-table__header${heading === "Rows" ? " nhsuk-table__header--numeric" : ""}`} scope="col" key={heading}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {items.map((item) => (
                <LogRow key={item.id} item={item} collection={titles.get(item.collection) ?? item.collection} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LogRow({ item, collection }: { item: ExtractLogItem; collection: string }) {
  return (
    <tr className="nhsuk-table__row">
      <td className="nhsuk-table__cell">{formatDateTime(item.createdAt)}</td>
      <td className="nhsuk-table__cell">
        {item.user.displayName} ({item.user.username})
      </td>
      <td className="nhsuk-table__cell">{collection}</td>
      <td className="nhsuk-table__cell">
        {item.quarter ? `${quarterLabel(item.quarter)}, ` : ""}
        <span className="app-nowrap">{formatLongDate(item.asAt)}</span>
      </td>
      {/* The log records a scope as "all", a region's code or an organisation's code. */}
      <td className="nhsuk-table__cell">{item.scope === "all" ? "England" : item.scope}</td>
      <td className="nhsuk-table__cell">{item.format.toUpperCase()}</td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{item.rows.toLocaleString("en-GB")}</td>
      <td className="nhsuk-table__cell">
        <Checksum sha256={item.sha256} />
      </td>
    </tr>
  );
}

/** The first 12 characters are enough to compare by eye; the whole checksum is in the title and read out. */
function Checksum({ sha256 }: { sha256: string }) {
  return (
    <span className="app-checksum">
      <code aria-hidden="true" title={sha256}>
        {sha256.slice(0, 12)}…
      </code>
      <span className="nhsuk-u-visually-hidden">{sha256}</span>
    </span>
  );
}
