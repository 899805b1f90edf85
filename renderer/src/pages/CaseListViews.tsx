/**
 * The saved views the server offers this user (the definition's list.views for their role),
 * as links above the list: each is an address, so a view can be bookmarked and Back works.
 */
import { Link } from "react-router";
import type { ListView } from "../api.ts";

export function CaseListViews({ views, current, hrefFor }: { views: ListView[]; current: string | null; hrefFor(view: string | null): string }) {
  if (views.length === 0) return null;
  const entries: { id: string | null; title: string }[] = [{ id: null, title: "All cases" }, ...views];
  return (
    <nav className="app-views" aria-label="Saved views">
      <ul className="app-views__list">
        {entries.map((view) => {
          const selected = view.id === current;
          return (
            <li className={`app-views__item${selected ? " app-views__item--selected" : ""}`} key={view.id ?? ""}>
              <Link className="app-views__link" to={hrefFor(view.id)} aria-current={selected ? "page" : undefined}>
                {view.title}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
