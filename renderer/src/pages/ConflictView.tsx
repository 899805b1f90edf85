/**
 * The page shown when someone else saved the case while this user was editing it: who, when,
 * what they changed, where both changed the same answer, and a way on that keeps everyone's
 * work (this user's changes added to the latest version) or, on purpose, drops this user's.
 */
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import type { CaseRecord } from "../api.ts";
import { AnswerValue, itemAt } from "../form/index.ts";
import { compareVersions, type ItemChange } from "./conflict.ts";
import { formatDateTime, labelOf } from "./format.ts";
import { InsetText, PageHeading } from "./shared.tsx";

type Data = Record<string, unknown>;

interface Props {
  form: CompiledForm;
  caption: string | undefined;
  heading: string;
  message: string;
  opened: Data;
  mine: Data;
  latest: CaseRecord | null;
  onCarryOver(merged: Data): void;
  onDiscard(): void;
  reloading: boolean;
  /** When the other person saved, relative to this user's work. */
  since?: string;
}

export function ConflictView({ form, caption, heading, message, opened, mine, latest, onCarryOver, onDiscard, reloading, since = "after you opened it" }: Props) {
  // Without the latest version (it could not be fetched), the user can still start again from it.
  const conflict = latest ? compareVersions(form, opened, mine, latest.data) : null;
  const who = latest ? latest.updatedBy.displayName : "Someone else";
  return (
    <>
      <PageHeading caption={caption}>{heading}</PageHeading>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Your changes have not been saved yet
        </h2>
        <p>{latest ? `${who} saved this case on ${formatDateTime(latest.updatedAt)}, ${since}.` : message}</p>
      </div>
      {conflict ? (
        <>
          <ChangesTable form={form} caption={`What ${who} changed`} changes={conflict.theirChanges} first="Before" second="Now" pick={(c) => [c.before, c.theirs]} />
          {conflict.clashes.length ? (
            <ChangesTable
              form={form}
              caption="Answers you both changed"
              changes={conflict.clashes}
              first={`${who}'s answer`}
              second="Your answer"
              pick={(c) => [c.theirs, c.mine]}
              note="If you continue, your answers replace theirs. You can change them before you save."
            />
          ) : null}
          <p className="nhsuk-body">Your other changes can be added to the latest version of the case: you check the answers, then save.</p>
        </>
      ) : null}
      <div className="nhsuk-button-group">
        <button className="nhsuk-button" type="button" disabled={reloading} onClick={() => onCarryOver(conflict ? conflict.merged : mine)}>
          {conflict ? "Add my changes to the latest version" : "Open the latest version with my answers"}
        </button>
        <button className="nhsuk-button nhsuk-button--secondary" type="button" disabled={reloading} onClick={onDiscard}>
          Discard my changes
        </button>
      </div>
    </>
  );
}

function ChangesTable(props: {
  form: CompiledForm;
  caption: string;
  changes: ItemChange[];
  first: string;
  second: string;
  pick(change: ItemChange): [unknown, unknown];
  note?: string;
}) {
  const { form, caption, changes, first, second, pick, note } = props;
  if (!changes.length) return null;
  return (
    <>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              Question
            </th>
            <th className="nhsuk-table__header" scope="col">
              {first}
            </th>
            <th className="nhsuk-table__header" scope="col">
              {second}
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {changes.map((change) => {
            const item = itemAt(form, [change.key]);
            const [a, b] = pick(change);
            return (
              <tr className="nhsuk-table__row" key={change.key}>
                <th className="nhsuk-table__header" scope="row">
                  {labelOf(form, change.key)}
                </th>
                <td className="nhsuk-table__cell">
                  <AnswerValue form={form} item={item} value={a} />
                </td>
                <td className="nhsuk-table__cell">
                  <AnswerValue form={form} item={item} value={b} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {note ? (
        <InsetText>
          <p>{note}</p>
        </InsetText>
      ) : null}
    </>
  );
}
