/**
 * Move up, move down and remove, for a row of a list the person orders (a profile's fields, a
 * table's columns); each button named for the row it acts on.
 */
export function RowActions({
  className,
  index,
  count,
  labels,
  onMove,
  onRemove,
}: {
  className: string;
  index: number;
  count: number;
  labels: { up: string; down: string; remove: string };
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  return (
    <div className={className}>
      <button
        type="button"
        className="icon"
        aria-label={labels.up}
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon"
        aria-label={labels.down}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
      <button type="button" className="icon danger" aria-label={labels.remove} onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}
