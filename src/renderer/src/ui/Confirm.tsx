import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n.ts';

/**
 * An inline confirmation instead of window.confirm: it stays in the page's focus order and theme,
 * and focus lands on Cancel so Enter never deletes by accident.
 */
export function Confirm({
  message,
  confirmLabel,
  onConfirm,
  onCancel,
  alternative,
}: {
  message: string;
  /** The confirming button's label; "Delete" when not given. */
  confirmLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** A third answer, the one that keeps the work (Save, beside Discard): the primary button. */
  alternative?: { label: string; onClick: () => void };
}) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-label={message}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <p>{message}</p>
      <button type="button" ref={cancel} onClick={onCancel}>
        {t('cancel')}
      </button>
      <button type="button" className="danger" onClick={onConfirm}>
        {confirmLabel ?? t('delete')}
      </button>
      {alternative && (
        <button type="button" className="primary" onClick={alternative.onClick}>
          {alternative.label}
        </button>
      )}
    </div>
  );
}
