/**
 * Focus that must land after the page has settled. The element may be drawn a few renders
 * later (a new step, a render deferred as a transition on a busy machine), and a later render
 * may move focus on (a heading taking focus for a new address, an element drawn anew). One
 * attempt at the right moment is not enough, so this keeps putting focus there until it has
 * stayed for a few checks in a row, the user does something themselves, or time is up.
 * Timers rather than animation frames: a tab in the background gets no frames.
 */
const CHECK_MS = 40;
const HELD_CHECKS = 3;

/** `isThere`: focus is where it should be; `put`: puts it there, false when the element is not drawn yet. Returns a way to stop. */
export function settleFocus(isThere: () => boolean, put: () => boolean, limitMs = 2500): () => void {
  const started = Date.now();
  let held = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    window.removeEventListener("keydown", stop, true);
    window.removeEventListener("pointerdown", stop, true);
  };
  // The user moving on themselves wins over any focus still to be settled.
  window.addEventListener("keydown", stop, true);
  window.addEventListener("pointerdown", stop, true);
  const check = () => {
    if (isThere()) held++;
    else {
      held = 0;
      put();
    }
    if (held >= HELD_CHECKS || Date.now() - started > limitMs) return stop();
    timer = setTimeout(check, CHECK_MS);
  };
  check();
  return stop;
}

/** Whether focus is on the element with this id or inside it. */
export function focusIsIn(id: string): boolean {
  const element = document.getElementById(id);
  const active = document.activeElement;
  return element !== null && active !== null && (element === active || element.contains(active));
}
