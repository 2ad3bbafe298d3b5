import type { KeyboardEvent } from 'react';

/**
 * Alt+↑ / Alt+↓ in a row moves it one place (a field among fields, a column among its table's);
 * the focus stays on the control that had it. The event stops here, so a column moving does not
 * move the field it belongs to.
 */
export function moveByKeyboard(e: KeyboardEvent, index: number, onMove: (to: number) => void): void {
  if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
  e.preventDefault();
  e.stopPropagation();
  // Moving a node in the DOM can drop its focus: put it back on the same control.
  const target = e.target as HTMLElement;
  onMove(index + (e.key === 'ArrowUp' ? -1 : 1));
  requestAnimationFrame(() => {
    if (document.activeElement !== target) document.getElementById(target.id)?.focus();
  });
}
