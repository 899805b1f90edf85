/**
 * The header's links to the tracker's sections, in NHS.UK frontend's header navigation: the
 * links that fit stay on one line and the rest go into its "More" menu, as the design system's
 * own script does. That script moves DOM nodes React owns, so the same behaviour is written
 * here: the links are measured in a hidden copy, and React renders each in the line or the menu.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Link, useLocation } from "react-router";

export interface NavigationLink {
  to: string;
  text: string;
}

type Current = "page" | "true" | undefined;

export function HeaderNavigation({ links, current }: { links: NavigationLink[]; current(to: string): Current }) {
  const { pathname } = useLocation();
  const nav = useRef<HTMLElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const measure = useRef<HTMLUListElement>(null);
  const menuList = useRef<HTMLUListElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  // How many links stay on the line; the rest are in the menu. All, until measured.
  const [inline, setInline] = useState(links.length);
  const [open, setOpen] = useState(false);
  const key = links.map((l) => l.to).join(" ");

  const fit = useCallback(() => {
    const width = list.current?.clientWidth ?? 0;
    const items = [...(measure.current?.children ?? [])] as HTMLElement[];
    const widths = items.slice(0, links.length).map((item) => item.offsetWidth);
    const more = items[links.length]?.offsetWidth ?? 0;
    const total = widths.reduce((a, b) => a + b, 0);
    if (!width || total <= width) {
      setInline(links.length);
      return;
    }
    let used = more;
    let count = 0;
    while (count < widths.length && used + widths[count]! <= width) used += widths[count++]!;
    setInline(count);
    // `key` stands for the links: they are measured again whenever they change.
  }, [links.length, key]);

  useLayoutEffect(() => {
    fit();
    const target = nav.current;
    if (!target || !("ResizeObserver" in window)) return;
    // Also follows text-only zoom, which changes the links' widths but not the window's.
    const observer = new ResizeObserver(() => fit());
    observer.observe(target);
    if (measure.current) observer.observe(measure.current);
    return () => observer.disconnect();
  }, [fit]);

  const hasMenu = inline < links.length;
  const isOpen = open && hasMenu;

  // The open menu pushes the page down rather than covering it (the design system's way: the
  // navigation's bottom border grows by the menu's height).
  useLayoutEffect(() => {
    const style = nav.current?.style;
    if (!style) return;
    if (isOpen && menuList.current) style.setProperty("border-bottom-width", `${menuList.current.offsetHeight}px`);
    else style.removeProperty("border-bottom-width");
  }, [isOpen, inline]);

  // A new page closes the menu.
  useEffect(() => setOpen(false), [pathname]);

  // Escape closes the open menu and returns to its button; a click outside the header closes it.
  useEffect(() => {
    if (!isOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (!(event.target instanceof Node) || !nav.current?.closest("header")?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("click", onClick, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("click", onClick, true);
    };
  }, [isOpen]);

  const item = (link: NavigationLink) => (
    <li className={`nhsuk-header__navigation-item${current(link.to) ? " nhsuk-header__navigation-item--current" : ""}`} key={link.to}>
      <Link className="nhsuk-header__navigation-link" to={link.to} aria-current={current(link.to)}>
        {/* Bold as well as marked, for users who override the colours. */}
        {current(link.to) ? <strong className="nhsuk-header__navigation-item-current-fallback">{link.text}</strong> : link.text}
      </Link>
    </li>
  );

  return (
    <nav className="nhsuk-header__navigation" aria-label="Menu" ref={nav}>
      <div className="nhsuk-header__navigation-container nhsuk-width-container app-header-navigation">
        <ul className="nhsuk-header__navigation-list" ref={list}>
          {links.slice(0, inline).map(item)}
          {hasMenu ? (
            <li className="nhsuk-header__menu">
              <button
                ref={toggle}
                className="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
                type="button"
                aria-expanded={isOpen}
                aria-controls="header-menu-list"
                onClick={() => setOpen((was) => !was)}
              >
                <span className="nhsuk-u-visually-hidden">Browse </span>More
              </button>
              <ul className="nhsuk-header__menu-list" id="header-menu-list" hidden={!isOpen} ref={menuList}>
                {links.slice(inline).map(item)}
              </ul>
            </li>
          ) : null}
        </ul>
        {/* The same links as text, out of sight and out of the accessibility tree, to measure what fits. */}
        <div className="app-header-navigation__measure" aria-hidden="true">
          <ul className="nhsuk-header__navigation-list" ref={measure}>
            {links.map((link) => (
              <li className="nhsuk-header__navigation-item" key={link.to}>
                <span className="nhsuk-header__navigation-link">{current(link.to) ? <strong className="nhsuk-header__navigation-item-current-fallback">{link.text}</strong> : link.text}</span>
              </li>
            ))}
            <li className="nhsuk-header__menu">
              <span className="nhsuk-header__menu-toggle nhsuk-header__navigation-link">More</span>
            </li>
          </ul>
        </div>
      </div>
    </nav>
  );
}
