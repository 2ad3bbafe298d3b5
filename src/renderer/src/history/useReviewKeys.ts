import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * The keys of a review done without the mouse, from anywhere in History but a text box:
 *   j / k           the next / previous result
 *   n (Shift+N)     the next (previous) value to review; past the last, the next result to review
 *   e               edit the focused value (Enter too: the focus is on the value's own button)
 *   c, Ctrl+Enter   confirm the focused value as read
 * Letters, not arrows: the list's own arrows and the editors' keys stay as they are.
 */
export interface ReviewActions {
  /** Moves the selection in the list by one (1 down, -1 up). */
  step: (by: 1 | -1) => void;
  /** Opens the next result below that needs review, its first value to review focused. */
  nextResultToReview: () => void;
}

/** The value (its data-value-key) an element is in, if any. */
export function valueKeyOf(target: EventTarget | null): string | null {
  return target instanceof Element
    ? (target.closest<HTMLElement>('[data-value-key]')?.dataset.valueKey ?? null)
    : null;
}

/** The values of the detail that ask for a look, in the order shown. */
export function valuesToReview(root: ParentNode | null): HTMLElement[] {
  return root ? [...root.querySelectorAll<HTMLElement>('[data-value-key][data-review]')] : [];
}

/** Focuses a value's own control (the value's button, a cell's): its box lights up with it. */
export function focusValue(value: Element | null | undefined): void {
  value?.querySelector<HTMLElement>('[data-value-target]')?.focus();
}

/**
 * Focuses the value after `row` in the detail (a value saved with Enter moves on, as in a form
 * filled in from the keyboard); false when `row` is the last.
 */
export function focusNextValue(row: Element): boolean {
  const values = row.closest('.values');
  const next = [...(values?.querySelectorAll<HTMLElement>('[data-value-target]') ?? [])].find(
    (el) => !row.contains(el) && (row.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
  );
  next?.focus();
  return next !== undefined;
}

/** Input types that take no typing: the letters stay free on them. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Whether a key pressed here is typing (a text box, a list to pick from by letter). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Installs the keys on the window; `detail` is where the result's values are. */
export function useReviewKeys(detail: RefObject<HTMLElement | null>, actions: ReviewActions): void {
  // The latest actions without installing the listener again on each render; set as the render
  // is committed (a layout effect), so a key pressed as soon as the list shows acts on that list.
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });

  useEffect(() => {
    const focusedValue = () => document.activeElement?.closest<HTMLElement>('[data-value-key]') ?? null;
    const nextValue = (back: boolean) => {
      const all = valuesToReview(detail.current);
      const here = focusedValue();
      // Values after the focused one (before it, going back); all of them when none has the focus.
      const after = here
        ? all.filter((el) => {
            const position = here.compareDocumentPosition(el);
            return (
              (position & (back ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING)) !== 0
            );
          })
        : all;
      const to = back ? after.at(-1) : after[0];
      if (to) focusValue(to);
      else if (!back) latest.current.nextResultToReview();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // A question on screen (delete? run again?) takes its own keys.
      if (document.activeElement?.closest('[role="alertdialog"]')) return;
      const here = () => focusedValue();
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        const confirm = here()?.querySelector<HTMLElement>('[data-value-confirm]');
        if (!confirm) return;
        e.preventDefault();
        confirm.click();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const act = (run: () => void) => {
        e.preventDefault();
        run();
      };
      switch (e.key) {
        case 'j':
          return act(() => latest.current.step(1));
        case 'k':
          return act(() => latest.current.step(-1));
        case 'n':
          return act(() => nextValue(false));
        case 'N':
          return act(() => nextValue(true));
        case 'e': {
          const edit = here()?.querySelector<HTMLElement>('[data-value-target]');
          if (edit) act(() => edit.click());
          return;
        }
        case 'c': {
          const confirm = here()?.querySelector<HTMLElement>('[data-value-confirm]');
          if (confirm) act(() => confirm.click());
          return;
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [detail]);
}
