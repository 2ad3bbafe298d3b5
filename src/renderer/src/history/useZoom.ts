import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { flushSync } from 'react-dom';
import { fitScale, maxScale, settle, step, type Size } from './zoom.ts';

/**
 * Zoom and pan of the picture pane: the pane (`viewport`) scrolls, and each page's frame
 * (`figure > .shot-frame` inside it) is drawn at `scale` times its natural size. Fit by default
 * (or as the last pictures of the same sizes were left), following the pane as the window is
 * resized; Ctrl+wheel, + / − / 0 and the buttons zoom; a drag, the arrows (the pane's own
 * scrolling, once it has the focus) and the scrollbars pan. A plain wheel is left to scroll the
 * pane as anywhere else.
 */
export interface Zoom {
  viewport: RefObject<HTMLDivElement | null>;
  /** Drawn pixels per natural pixel; null until the pane has been measured. */
  scale: number | null;
  atFit: boolean;
  atMax: boolean;
  zoomIn: () => void;
  zoomOut: () => void;
  toFit: () => void;
  actualSize: () => void;
  /** + / − / 0 anywhere in the picture's pane (the pictures, the zoom buttons). */
  onKeyDown: (e: KeyboardEvent) => void;
  /** The pane is being dragged: the cursor says so. */
  panning: boolean;
  /** The drag that pans the pane, for the viewport. */
  pan: {
    onPointerDown: (e: PointerEvent) => void;
    onPointerMove: (e: PointerEvent) => void;
    onPointerUp: (e: PointerEvent) => void;
    onPointerCancel: (e: PointerEvent) => void;
    onClickCapture: (e: MouseEvent) => void;
  };
}

/** A point of a page kept under the same spot of the pane while the scale changes around it. */
interface Anchor {
  frame: number;
  /** Where on the frame, as a share of its width and height. */
  fx: number;
  fy: number;
  /** Where in the window (client pixels). */
  x: number;
  y: number;
}

/** Pixels a press must move before it is a drag: a click on an evidence box stays a click. */
const DRAG_START = 4;

/** One notch of a mouse wheel (100 px) zooms by about a quarter; a trackpad's pinch smoothly. */
const wheelFactor = (e: WheelEvent) =>
  Math.exp(-(e.deltaY * (e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 40 : 1)) / 400);

const framesIn = (pane: HTMLElement) => [...pane.querySelectorAll<HTMLElement>('figure > .shot-frame')];

/**
 * The room a page has at fit: the pane less what is drawn around a picture (its frame's border,
 * its caption), measured on the first page (the others are drawn alike).
 */
function roomIn(pane: HTMLElement): Size {
  const frame = framesIn(pane)[0];
  const figure = frame?.parentElement;
  const aroundX = frame ? frame.offsetWidth - frame.clientWidth : 0;
  const aroundY = frame && figure ? figure.offsetHeight - frame.clientHeight : 0;
  return { width: pane.clientWidth - aroundX, height: pane.clientHeight - aroundY };
}

/** Where a zoomed picture was left: its scale and the pane's scroll. */
interface Kept {
  chosen: number;
  left: number;
  top: number;
}

/**
 * The zoom last left on pictures of each size (until the window reloads): the next result with
 * pages of the same sizes opens as the last one was left, so a clerk going through full-screen
 * captures of one document viewer zooms once, not on every result. Back at fit, nothing is kept.
 */
const kept = new Map<string, Kept>();
const sizesOf = (pages: readonly Size[]) => pages.map((p) => `${p.width}x${p.height}`).join(' ');

export function useZoom(pages: readonly Size[]): Zoom {
  const viewport = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState<Size | null>(null);
  const sizes = sizesOf(pages);
  // What the person chose; null is "fit", which follows the pane.
  const [chosen, setChosen] = useState<number | null>(() => kept.get(sizes)?.chosen ?? null);
  // The scroll to put back once the kept scale is drawn.
  const restore = useRef(kept.get(sizes) ?? null);
  const keyOf = useRef(sizes);
  const [panning, setPanning] = useState(false);
  const anchor = useRef<Anchor | null>(null);
  const drag = useRef<{ id: number; x: number; y: number; left: number; top: number; moved: boolean } | null>(
    null,
  );
  const dragged = useRef(false);

  const fit = room ? fitScale(pages, room) : null;
  /** The scale drawn for a choice: the fit follows the pane, a choice stays within its bounds. */
  const drawn = (choice: number | null, fit: number) =>
    choice === null ? fit : Math.min(Math.max(choice, fit), maxScale(fit));
  const scale = fit === null ? null : drawn(chosen, fit);

  // Measured before the first paint and again whenever the pane changes size.
  useLayoutEffect(() => {
    const pane = viewport.current;
    if (!pane) return;
    const measure = () =>
      setRoom((was) => {
        const now = roomIn(pane);
        return was && was.width === now.width && was.height === now.height ? was : now;
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(pane);
    return () => observer.disconnect();
  }, []);

  /** Changes the scale around a point of the window (the pane's middle by default). */
  const change = (next: number | null, at?: { x: number; y: number }) => {
    const pane = viewport.current;
    if (!pane || fit === null) return;
    setChosen(next);
    // Nothing moves (− at the fit, + at 400%): no point to keep in place.
    if (drawn(next, fit) === scale) return;
    const box = pane.getBoundingClientRect();
    const view = {
      left: box.left + pane.clientLeft,
      top: box.top + pane.clientTop,
      right: box.left + pane.clientLeft + pane.clientWidth,
      bottom: box.top + pane.clientTop + pane.clientHeight,
    };
    const near = at ?? { x: (view.left + view.right) / 2, y: (view.top + view.bottom) / 2 };
    // The page under the point, else the nearest to it (the gap between two pages).
    const frames = framesIn(pane).map((el) => el.getBoundingClientRect());
    const distance = (r: DOMRect) =>
      Math.max(r.left - near.x, 0, near.x - r.right) + Math.max(r.top - near.y, 0, near.y - r.bottom);
    const frame = frames.reduce((best, r, i) => (distance(r) < distance(frames[best]!) ? i : best), 0);
    const r = frames[frame];
    if (!r) return;
    // Without a pointer, the middle of what shows of that page: a capture fitted at the top of a
    // taller pane grows from its own middle, not from the empty pane below it.
    const middle = (from: number, to: number, lo: number, hi: number) =>
      (Math.max(from, lo) + Math.min(to, hi)) / 2;
    const x = at?.x ?? middle(r.left, r.right, view.left, view.right);
    const y = at?.y ?? middle(r.top, r.bottom, view.top, view.bottom);
    anchor.current = { frame, fx: (x - r.left) / r.width, fy: (y - r.top) / r.height, x, y };
  };

  // The anchored point back under the spot it was at, now the frames have their new size.
  useLayoutEffect(() => {
    const pane = viewport.current;
    const a = anchor.current;
    anchor.current = null;
    if (!pane || !a) return;
    const r = framesIn(pane)[a.frame]?.getBoundingClientRect();
    if (!r) return;
    pane.scrollLeft += r.left + a.fx * r.width - a.x;
    pane.scrollTop += r.top + a.fy * r.height - a.y;
  }, [scale]);

  // The kept scroll, once the pane is drawn at the kept scale.
  useLayoutEffect(() => {
    const pane = viewport.current;
    const at = restore.current;
    if (!pane || !at || scale === null) return;
    restore.current = null;
    pane.scrollLeft = at.left;
    pane.scrollTop = at.top;
  }, [scale]);

  // Kept as it changes, not as the result is left: the next result is drawn, and reads what was
  // kept, before this one's clean-up runs.
  useLayoutEffect(() => {
    keyOf.current = sizes;
    const was = kept.get(sizes);
    if (chosen === null) kept.delete(sizes);
    else kept.set(sizes, { chosen, left: was?.left ?? 0, top: was?.top ?? 0 });
  }, [chosen, sizes]);

  const zoomIn = () => scale !== null && fit !== null && change(step(scale, fit, 1));
  const zoomOut = () => scale !== null && fit !== null && change(step(scale, fit, -1));
  const toFit = () => change(null);
  const actualSize = () => fit !== null && change(settle(1, fit));

  // The wheel: Ctrl (a trackpad's pinch comes as Ctrl too) zooms around the pointer. A listener
  // of its own, not React's, which are passive and could not stop the window's own zoom.
  const latest = useRef({ scale, fit, change });
  useLayoutEffect(() => {
    latest.current = { scale, fit, change };
  });
  useEffect(() => {
    const pane = viewport.current;
    if (!pane) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      const { scale, fit, change } = latest.current;
      if (scale === null || fit === null) return;
      // Drawn before the next event of the gesture (a pinch sends dozens a second), which then
      // zooms from this scale and not from the one before.
      flushSync(() => change(settle(scale * wheelFactor(e), fit), { x: e.clientX, y: e.clientY }));
    };
    // Where a zoomed pane is scrolled, kept as it moves.
    const onScroll = () => {
      const at = kept.get(keyOf.current);
      if (!at) return;
      at.left = pane.scrollLeft;
      at.top = pane.scrollTop;
    };
    pane.addEventListener('wheel', onWheel, { passive: false });
    pane.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      pane.removeEventListener('wheel', onWheel);
      pane.removeEventListener('scroll', onScroll);
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    // '=' is + without Shift on most layouts; '−' typed on some.
    const act = { '+': zoomIn, '=': zoomIn, '-': zoomOut, '−': zoomOut, '0': toFit }[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  const endDrag = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    drag.current = null;
    if (!d.moved) return;
    dragged.current = true;
    setPanning(false);
  };
  const pan: Zoom['pan'] = {
    onPointerDown: (e) => {
      dragged.current = false;
      const pane = viewport.current;
      if (!pane || e.button !== 0 || e.pointerType !== 'mouse') return;
      if (pane.scrollWidth <= pane.clientWidth && pane.scrollHeight <= pane.clientHeight) return;
      drag.current = {
        id: e.pointerId,
        x: e.clientX,
        y: e.clientY,
        left: pane.scrollLeft,
        top: pane.scrollTop,
        moved: false,
      };
    },
    onPointerMove: (e) => {
      const d = drag.current;
      const pane = viewport.current;
      if (!d || !pane || d.id !== e.pointerId) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved) {
        if (Math.hypot(dx, dy) < DRAG_START) return;
        d.moved = true;
        pane.setPointerCapture(e.pointerId);
        setPanning(true);
      }
      pane.scrollLeft = d.left - dx;
      pane.scrollTop = d.top - dy;
    },
    onPointerUp: endDrag,
    onPointerCancel: endDrag,
    // The press that ends a drag is no click: the box it ends on is not picked.
    onClickCapture: (e) => {
      if (!dragged.current) return;
      dragged.current = false;
      e.stopPropagation();
      e.preventDefault();
    },
  };

  return {
    viewport,
    scale,
    atFit: chosen === null || (scale !== null && fit !== null && scale <= fit),
    atMax: scale !== null && fit !== null && scale >= maxScale(fit),
    zoomIn,
    zoomOut,
    toFit,
    actualSize,
    onKeyDown,
    panning,
    pan,
  };
}
