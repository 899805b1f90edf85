/**
 * Unsaved answers made on an older revision of the case (someone saved it since): before the
 * user carries on, the conflict page shows what the other person changed and adds this user's
 * changes to the latest version, as a refused save does. Saving such answers as they stand
 * would undo the other person's changes without anyone seeing it.
 */
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import { api, type CaseRecord } from "../api.ts";
import { answersAtRevision } from "./conflict.ts";
import { ConflictView } from "./ConflictView.tsx";
import { useAsync } from "./data.ts";
import { Loading } from "./shared.tsx";

type Data = Record<string, unknown>;

/** True when the answers were made on a revision older than the case's latest. */
export function madeOnOlderRevision(record: CaseRecord | null, answers: Data | null, basedOnRevision: number | null): record is CaseRecord {
  return record !== null && answers !== null && basedOnRevision !== null && basedOnRevision < record.revision;
}

interface Props {
  form: CompiledForm;
  caption: string | undefined;
  record: CaseRecord;
  answers: Data;
  basedOnRevision: number;
  /** With the answers to carry on from: merged onto the latest version, or (when the older revision cannot be known) the user's own. */
  onCarryOver(answers: Data, merged: boolean): void;
  onDiscard(): void;
  discarding: boolean;
}

export function StaleDraft({ form, caption, record, answers, basedOnRevision, onCarryOver, onDiscard, discarding }: Props) {
  const opened = useAsync(async () => {
    const history = await api.history(form.collection.id, record.id);
    return answersAtRevision(record, history.items, basedOnRevision) ?? null;
  }, [form.collection.id, record.id, basedOnRevision]);
  if (opened.status === "loading") return <Loading />;
  // Without the older revision's answers there is nothing to compare with: the user carries on
  // from their own answers, warned that the case has changed (CaseEditor's StaleDraftWarning).
  const base = opened.status === "ready" ? opened.data : null;
  return (
    <ConflictView
      form={form}
      caption={caption}
      heading="Someone else has changed this case"
      message="Someone saved this case after you started changing it. Their changes could not be shown."
      since="after you started changing it"
      opened={base ?? answers}
      mine={answers}
      latest={base ? record : null}
      onCarryOver={(merged) => onCarryOver(merged, base !== null)}
      onDiscard={onDiscard}
      reloading={discarding}
    />
  );
}
