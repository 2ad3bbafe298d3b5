import { useEffect, useRef } from 'react';
import type { EvidenceBox } from './review.ts';

interface Props {
  boxes: readonly EvidenceBox[];
  /** The picture's natural size, the pixels the boxes are measured in. */
  width: number;
  height: number;
  /** The value whose box is highlighted, and whether its box should be brought into view. */
  active: { key: string; scroll: boolean } | null;
  labelOf: (key: string) => string;
  onHover: (key: string | null) => void;
  onPick: (key: string) => void;
}

const percent = (part: number, whole: number) => `${(100 * part) / whole}%`;

/**
 * Where each value was read, drawn over its picture. Boxes are placed in percentages of the natural
 * size, so they follow the picture however CSS scales it. For the mouse only (aria-hidden): the
 * same values are in the list beside, which is what the keyboard and screen readers use.
 */
export function EvidenceOverlay({ boxes, width, height, active, labelOf, onHover, onPick }: Props) {
  const shown = useRef(new Map<string, HTMLDivElement>());
  const activeKey = active?.key;
  const scroll = active?.scroll === true;

  // A value focused or hovered in the list: its box scrolls into the picture's pane.
  useEffect(() => {
    if (activeKey === undefined || !scroll) return;
    shown.current.get(activeKey)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeKey, scroll]);

  if (width <= 0 || height <= 0 || boxes.length === 0) return null;
  return (
    <div className="evidence" aria-hidden="true">
      {boxes.map(({ key, box, kind }) => (
        <div
          key={key}
          ref={(el) => {
            if (el) shown.current.set(key, el);
            else shown.current.delete(key);
          }}
          data-key={key}
          className={`ev-box ev-${kind}${key === activeKey ? ' ev-active' : ''}`}
          title={labelOf(key)}
          // Positioned through the CSSOM (not a style attribute), which the strict CSP allows.
          style={{
            left: percent(box.x, width),
            top: percent(box.y, height),
            width: percent(box.w, width),
            height: percent(box.h, height),
          }}
          onMouseEnter={() => onHover(key)}
          onMouseLeave={() => onHover(null)}
          onClick={() => onPick(key)}
        />
      ))}
    </div>
  );
}
