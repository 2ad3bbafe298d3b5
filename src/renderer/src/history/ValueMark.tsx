import { useI18n } from '../i18n.ts';
import type { ValueReview } from './review.ts';

/** The keys that confirm the focused value (useReviewKeys), for the button and its title. */
export const CONFIRM_KEYS = 'c Control+Enter';

/**
 * Why a value should be looked at, in words (not colour alone), and Confirm, which says it is right
 * as read. Nothing when the value needs no look.
 */
export function ValueMark({
  id,
  review,
  label,
  onConfirm,
}: {
  /** The flag's id: the value's own control is described by it. */
  id: string;
  review: ValueReview | undefined;
  /** The value's name as the person reads it ("Total", "Amount, row 2"). */
  label: string;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  if (!review?.flag) return null;
  return (
    <span className="value-mark">
      <span id={id} className={`flag flag-${review.flag}`}>
        <span aria-hidden="true">⚠ </span>
        {t(`flag_${review.flag}`)}
      </span>
      <button
        type="button"
        className="link"
        data-value-confirm=""
        aria-label={t('confirmValueLabel', { label })}
        aria-keyshortcuts={CONFIRM_KEYS}
        title={`${t('confirmValueLabel', { label })} (C)`}
        onClick={onConfirm}
      >
        {t('confirmValue')}
      </button>
    </span>
  );
}
