/** A section's own Save button, at the right of its card (each section saves only itself). */
export function SaveBar({
  label,
  disabled,
  onSave,
}: {
  label: string;
  disabled: boolean;
  onSave: () => Promise<unknown> | void;
}) {
  return (
    <div className="actions">
      <span className="spacer" />
      <button type="button" className="primary" disabled={disabled} onClick={() => void onSave()}>
        {label}
      </button>
    </div>
  );
}
