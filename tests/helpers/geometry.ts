import type { Page } from 'playwright-core';

/**
 * Layout checks for a window at a given size, measured in the page: what a person would see as
 * text printed over other text, a control under another, or a page that scrolls sideways. Each
 * returns readable lines (none expected), so a failure says what and where.
 */

/** The page's globals these checks read (the node tsconfig has no DOM lib). */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
interface Node {
  nodeType: number;
  childNodes: Iterable<Node>;
}
interface El extends Node {
  tagName: string;
  id: string;
  textContent: string | null;
  parentElement: El | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  checkVisibility(options: Record<string, boolean>): boolean;
  contains(other: El): boolean;
  querySelectorAll(selector: string): Iterable<El>;
}
type Browserish = {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    scrollingElement: { scrollWidth: number; clientWidth: number } | null;
    querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null;
    querySelectorAll(selector: string): Iterable<El>;
    createRange(): { selectNodeContents(node: Node): void; getBoundingClientRect(): Box };
  };
  getComputedStyle(el: El): { overflowX: string; overflowY: string };
};

/**
 * The document is no wider than the window: nothing makes the page scroll sideways; nor does the
 * scrolling box `inside` names (a table in its pane), when given.
 */
export async function sidewaysScroll(page: Page, inside?: string): Promise<string[]> {
  const { root, box } = await page.evaluate((selector) => {
    const d = (globalThis as unknown as Browserish).document;
    const measure = (el: { scrollWidth: number; clientWidth: number } | null) =>
      el && { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
    return {
      root: measure(d.scrollingElement ?? d.documentElement)!,
      box: selector === undefined ? undefined : measure(d.querySelector(selector)),
    };
  }, inside);
  const problems =
    root.scrollWidth > root.clientWidth
      ? [`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`]
      : [];
  if (inside !== undefined && box === null) problems.push(`no ${inside} to measure`);
  else if (box && box.scrollWidth > box.clientWidth)
    problems.push(`${inside} is ${box.scrollWidth} px wide in ${box.clientWidth} px`);
  return problems;
}

/**
 * Rows (`selector`) whose content does not fit their box: a text line or an element that shows
 * (after the clipping of its own containers inside the row, such as an ellipsis) beyond the row's
 * edges, where it would print over the next row.
 */
export async function overflowingRows(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((rowSelector) => {
    const w = globalThis as unknown as Browserish;
    const TEXT = 3;
    const clips = (style: { overflowX: string; overflowY: string }) =>
      style.overflowX !== 'visible' || style.overflowY !== 'visible';
    /** The part of `box` left after the clipping containers between `from` and `row`. */
    const visible = (box: Box, from: El | null, row: El): Box | null => {
      let b = box;
      for (let el = from; el && el !== row; el = el.parentElement) {
        if (!clips(w.getComputedStyle(el))) continue;
        const c = el.getBoundingClientRect();
        b = {
          left: Math.max(b.left, c.left),
          top: Math.max(b.top, c.top),
          right: Math.min(b.right, c.right),
          bottom: Math.min(b.bottom, c.bottom),
        };
      }
      return b.right - b.left > 0.5 && b.bottom - b.top > 0.5 ? b : null;
    };
    const problems: string[] = [];
    [...w.document.querySelectorAll(rowSelector)].forEach((row, i) => {
      const r = row.getBoundingClientRect();
      const outside = (b: Box) =>
        b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5 || b.left < r.left - 0.5 || b.right > r.right + 0.5;
      const walk = (node: Node, parent: El) => {
        for (const child of node.childNodes) {
          if (child.nodeType === TEXT) {
            const range = w.document.createRange();
            range.selectNodeContents(child);
            const b = visible(range.getBoundingClientRect(), parent, row);
            const text = (child as unknown as { textContent: string }).textContent.trim();
            if (b && text && outside(b))
              problems.push(`row ${i + 1}: "${text.slice(0, 40)}" at ${fmt(b)} outside ${fmt(r)}`);
          } else if (child.nodeType === 1) {
            const el = child as El;
            if (!el.checkVisibility({ visibilityProperty: true })) continue;
            const b = visible(el.getBoundingClientRect(), el.parentElement, row);
            if (b && outside(b))
              problems.push(`row ${i + 1}: <${el.tagName.toLowerCase()}> at ${fmt(b)} outside ${fmt(r)}`);
            walk(el, el);
          }
        }
      };
      walk(row, row);
    });
    function fmt(b: Box): string {
      return `${Math.round(b.left)},${Math.round(b.top)}-${Math.round(b.right)},${Math.round(b.bottom)}`;
    }
    return problems;
  }, selector);
}

/** What a person can click or type into. */
const INTERACTIVE =
  'button, input:not([type="hidden"]), select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';

/**
 * Pairs of visible controls whose boxes overlap (one covers the other), as far as each shows
 * inside its scrolling containers; a control inside another (a field inside a listbox) is no pair.
 */
export async function coveredControls(page: Page): Promise<string[]> {
  return page.evaluate((selector) => {
    const w = globalThis as unknown as Browserish;
    const name = (el: El) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        el.getAttribute('aria-label') ? ` "${el.getAttribute('aria-label')}"` : ''
      }${el.id ? '' : ` "${(el.textContent ?? '').trim().slice(0, 30)}"`}`;
    const shown = (el: El): Box | null => {
      if (
        !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true, opacityProperty: false })
      )
        return null;
      let b = el.getBoundingClientRect();
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = w.getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        b = {
          left: Math.max(b.left, c.left),
          top: Math.max(b.top, c.top),
          right: Math.min(b.right, c.right),
          bottom: Math.min(b.bottom, c.bottom),
        };
      }
      return b.right - b.left > 1 && b.bottom - b.top > 1 ? b : null;
    };
    const controls = [...w.document.querySelectorAll(selector)]
      .map((el) => ({ el, box: shown(el) }))
      .filter((c): c is { el: El; box: Box } => c.box !== null);
    const problems: string[] = [];
    for (let i = 0; i < controls.length; i++)
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i]!;
        const b = controls[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 1 && y > 1)
          problems.push(`${name(a.el)} and ${name(b.el)} overlap by ${Math.round(x)}×${Math.round(y)} px`);
      }
    return problems;
  }, INTERACTIVE);
}

/** All three checks at once: the window as a person sees it at this size. */
export async function layoutProblems(page: Page, rows?: string): Promise<string[]> {
  return [
    ...(await sidewaysScroll(page)),
    ...(rows ? await overflowingRows(page, rows) : []),
    ...(await coveredControls(page)),
  ];
}
