/**
 * The data standards team's pages: every collection and version with its status, dates and
 * lock, each version's dictionary, a comparison between any two versions, every migration in
 * words, and how a new version reaches production. What they show comes from the server's
 * compiled definitions; the server decides who may see them.
 */
import { type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { formatLongDate } from "../../../engine/runtime/index.ts";
import { api, versionDictionaryUrl, type StandardsCollection, type StandardsDiffBody, type StandardsMigrationsBody } from "../api.ts";
import { useAsync } from "./data.ts";
import { plural } from "./format.ts";
import { ErrorView, NoAccess } from "./Problems.tsx";
import { BackLink, Loading, PageHeading, ScrollingTable, SelectField, usePageTitle, useSession } from "./shared.tsx";

const TITLE = "Definitions";
export const NOT_STANDARDS = "These pages are for the data standards team: they show how the forms are defined, not the cases.";

const STATUS_TAGS: Record<string, { text: string; colour: string }> = {
  published: { text: "Published", colour: "green" },
  draft: { text: "Draft", colour: "blue" },
  retired: { text: "Retired", colour: "grey" },
};

export function StatusTag({ status }: { status: string }) {
  const tag = STATUS_TAGS[status] ?? { text: status, colour: "grey" };
  return <strong className={`nhsuk-tag nhsuk-tag--${tag.colour}`}>{tag.text}</strong>;
}

/** Text with `code` spans (as migrations and changes write item keys and codes) drawn as code. */
export function WithCode({ text }: { text: string }) {
  const parts: ReactNode[] = text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
  return <>{parts}</>;
}

export function useStandardsAccess(): boolean {
  return useSession().permissions?.manageDefinitions === true;
}

export function Standards() {
  const allowed = useStandardsAccess();
  const state = useAsync(async () => {
    if (!allowed) return null;
    const { items } = await api.standards();
    const migrations = await Promise.all(items.map((c) => api.standardsMigrations(c.id)));
    return { items, migrations };
  }, [allowed]);
  usePageTitle(state.status === "error" || !allowed ? null : TITLE);
  if (!allowed) return <NoAccess message={NOT_STANDARDS} />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  return (
    <>
      <PageHeading>{TITLE}</PageHeading>
      <p className="nhsuk-body-l">Every collection the tracker hosts, its versions, and how stored records move between them.</p>
      {state.data.items.map((collection, i) => (
        <CollectionSection key={collection.id} collection={collection} migrations={state.data!.migrations[i]!} />
      ))}
      <h2>How a new version reaches production</h2>
      <ol className="nhsuk-list nhsuk-list--number">
        <li>
          Write the draft in the definition files and check it as you go with <code>npm run scrt -- forms preview</code> (the form, its problems and what it changes, redrawn on every save).
        </li>
        <li>Look here at what it changes and how many stored records its rules would refuse, and add a migration for every breaking change.</li>
        <li>
          Run <code>npm run scrt -- forms publish</code> with the collection and version. It refuses a version whose breaking changes no migration deals with.
        </li>
        <li>Have the change reviewed like code, then deploy it. The tracker reads the definitions when it starts, so the new version takes new records from then on.</li>
      </ol>
    </>
  );
}

function CollectionSection({ collection, migrations }: { collection: StandardsCollection; migrations: StandardsMigrationsBody }) {
  const id = `collection-${collection.id}`;
  return (
    <section aria-labelledby={id} className="nhsuk-u-margin-bottom-7">
      <h2 id={id}>
        {collection.title} <span className="nhsuk-caption-m">{collection.id}</span>
      </h2>
      <ScrollingTable id={`${id}-versions`} caption={`${plural(collection.versions.length, "version")}`} headings={["Version", "Status", "Takes effect", "Lock", "Data dictionary", "Try it"]}>
        {collection.versions.map((v) => (
          <tr className="nhsuk-table__row" key={v.version}>
            <td className="nhsuk-table__cell">
              {v.version}
              <br />
              <span className="nhsuk-body-s">{plural(v.items, "item")}</span>
            </td>
            <td className="nhsuk-table__cell">
              <StatusTag status={v.status} />
            </td>
            <td className="nhsuk-table__cell">{v.effectiveFrom ? formatLongDate(v.effectiveFrom) : "Not set"}</td>
            <td className="nhsuk-table__cell">
              {v.fingerprint ? (
                <>
                  Fixed: what it means for data cannot change
                  <br />
                  <code className="nhsuk-body-s" title={v.fingerprint}>
                    {v.fingerprint.slice(0, 26)}…
                  </code>
                </>
              ) : (
                "Not fixed: a draft may still change"
              )}
            </td>
            <td className="nhsuk-table__cell">
              <a href={versionDictionaryUrl(collection.id, v.version, "html")}>
                Dictionary<span className="nhsuk-u-visually-hidden"> of version {v.version}</span>
              </a>
              <br />
              <a href={versionDictionaryUrl(collection.id, v.version, "csv")} download>
                CSV<span className="nhsuk-u-visually-hidden"> dictionary of version {v.version}</span>
              </a>
            </td>
            <td className="nhsuk-table__cell">
              <Link to={`/standards/${encodeURIComponent(collection.id)}/${encodeURIComponent(v.version)}/preview`}>
                Preview<span className="nhsuk-u-visually-hidden"> version {v.version}</span>
              </Link>
              {v.status !== "retired" && (
                <>
                  <br />
                  <Link to={`/standards/${encodeURIComponent(collection.id)}/${encodeURIComponent(v.version)}/impact`}>
                    Impact on stored records<span className="nhsuk-u-visually-hidden"> of version {v.version}</span>
                  </Link>
                </>
              )}
            </td>
          </tr>
        ))}
      </ScrollingTable>
      {collection.versions.length > 1 && <CompareForm collection={collection} />}
      <h3>Migrations</h3>
      {migrations.items.length === 0 ? (
        <p className="nhsuk-body">There are no migrations: stored records stay in the version they were written in.</p>
      ) : (
        migrations.items.map((m) => (
          <div key={`${m.from}-${m.to}`} className="nhsuk-u-margin-bottom-5">
            <h4>
              From {m.from} to {m.to}
            </h4>
            {m.description && <p className="nhsuk-body">{m.description}</p>}
            <ol className="nhsuk-list nhsuk-list--number">
              {m.steps.map((step, i) => (
                <li key={i}>
                  <WithCode text={step} />
                </li>
              ))}
            </ol>
          </div>
        ))
      )}
    </section>
  );
}

function CompareForm({ collection }: { collection: StandardsCollection }) {
  const navigate = useNavigate();
  const options = collection.versions.map((v) => ({ value: v.version, label: `${v.version} (${STATUS_TAGS[v.status]?.text.toLowerCase() ?? v.status})` }));
  const last = collection.versions.length - 1;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    navigate(`/standards/${encodeURIComponent(collection.id)}/diff?from=${encodeURIComponent(String(form.get("from")))}&to=${encodeURIComponent(String(form.get("to")))}`);
  };
  return (
    <form onSubmit={submit} className="app-filters" aria-label={`Compare versions of ${collection.title}`}>
      <h3>Compare two versions</h3>
      <SelectField id={`${collection.id}-from`} name="from" label="From version" value={collection.versions[Math.max(0, last - 1)]!.version} options={options} />
      <SelectField id={`${collection.id}-to`} name="to" label="To version" value={collection.versions[last]!.version} options={options} />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Compare versions
      </button>
    </form>
  );
}

export function StandardsDiff() {
  const allowed = useStandardsAccess();
  const { collection = "" } = useParams();
  const [params] = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const state = useAsync<StandardsDiffBody | null>(async () => (allowed ? api.standardsDiff(collection, from, to) : null), [allowed, collection, from, to]);
  const title = `Changes from version ${from} to ${to}`;
  usePageTitle(state.status === "error" || !allowed ? null : title);
  if (!allowed) return <NoAccess message={NOT_STANDARDS} />;
  if (state.status === "error") return <ErrorView error={state.error} />;
  if (!state.data) return <Loading />;
  const diff = state.data;
  const breaking = diff.changes.filter((c) => c.breaking);
  const uncovered = breaking.filter((c) => !c.covered);
  return (
    <>
      <BackLink to="/standards">Back to definitions</BackLink>
      <PageHeading caption={diff.collection}>{title}</PageHeading>
      <p className="nhsuk-body-l">
        {plural(diff.changes.length, "change")}, {plural(breaking.length, "breaking change")}.
      </p>
      {breaking.length > 0 && (
        <div className={uncovered.length ? "nhsuk-warning-callout" : "nhsuk-inset-text"}>
          {uncovered.length ? (
            <>
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  {diff.migration ? "The migration misses some breaking changes" : "No migration"}
                </span>
              </h2>
              <p>
                {diff.migration
                  ? `The migration from ${diff.from} to ${diff.to} does not deal with ${plural(uncovered.length, "breaking change")}.`
                  : `There is no migration from ${diff.from} to ${diff.to}, so stored records cannot be carried across.`}
              </p>
            </>
          ) : (
            <p>The migration from {diff.from} to {diff.to} deals with every breaking change.</p>
          )}
        </div>
      )}
      {diff.changes.length === 0 ? (
        <p className="nhsuk-body">The two versions define the same items, codes and rules.</p>
      ) : (
        <ScrollingTable id="changes" caption="Each change, whether it breaks stored records and whether the migration deals with it" headings={["Change", "Breaking", "Migration"]}>
          {diff.changes.map((c, i) => (
            <tr className="nhsuk-table__row" key={i} data-kind={c.kind}>
              <td className="nhsuk-table__cell">
                <WithCode text={c.description} />
              </td>
              <td className="nhsuk-table__cell">{c.breaking ? <strong className="nhsuk-tag nhsuk-tag--red">Breaking</strong> : "No"}</td>
              <td className="nhsuk-table__cell">{!c.breaking ? "Not needed" : c.covered ? "Deals with it" : <strong className="nhsuk-tag nhsuk-tag--orange">Does not deal with it</strong>}</td>
            </tr>
          ))}
        </ScrollingTable>
      )}
    </>
  );
}
