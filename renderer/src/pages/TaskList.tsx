/**
 * The NHS.UK task list of a form drawn as pages: each section by its title, linking to its
 * page, with its status as the service manual shows it (plain "Completed", a blue tag for
 * what is left to do, grey text and no link for a section that cannot start yet).
 */
import { Link } from "react-router";
import { STATUS_TEXT, type SectionStatus, type TaskListEntry } from "./sections.ts";

const TAG_CLASSES: Record<SectionStatus, string> = {
  completed: "nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal",
  incomplete: "nhsuk-tag nhsuk-tag--blue",
  not_started: "nhsuk-tag nhsuk-tag--white",
  cannot_start: "nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal nhsuk-u-secondary-text-colour",
};

/** The id of a section's link in the task list (error summary links move focus to it). */
export function taskLinkId(sectionId: string): string {
  return `task-${sectionId}`;
}

export function TaskList({ entries, hrefOf, onOpen }: { entries: readonly TaskListEntry[]; hrefOf(sectionId: string): string; onOpen(): void }) {
  return (
    <ul className="nhsuk-task-list" id="task-list">
      {entries.map(({ section, status }, index) => {
        const statusId = `task-list-${index + 1}-status`;
        const hintId = `task-list-${index + 1}-hint`;
        const linked = status !== "cannot_start";
        const describedBy = section.description ? `${hintId} ${statusId}` : statusId;
        return (
          <li key={section.id} className={linked ? "nhsuk-task-list__item nhsuk-task-list__item--with-link" : "nhsuk-task-list__item"}>
            <div className="nhsuk-task-list__name-and-hint">
              {linked ? (
                <Link className="nhsuk-task-list__link nhsuk-link" id={taskLinkId(section.id)} to={hrefOf(section.id)} aria-describedby={describedBy} onClick={onOpen}>
                  {section.title}
                </Link>
              ) : (
                <div>{section.title}</div>
              )}
              {section.description ? (
                <div className="nhsuk-task-list__hint" id={hintId}>
                  {section.description}
                </div>
              ) : null}
            </div>
            <div className={`nhsuk-task-list__status${status === "completed" ? " nhsuk-task-list__status--completed" : status === "cannot_start" ? " nhsuk-task-list__status--cannot-start-yet" : ""}`} id={statusId}>
              <strong className={TAG_CLASSES[status]}>{STATUS_TEXT[status]}</strong>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
