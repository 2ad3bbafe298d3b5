import type { Field } from '../../../shared/field.ts';
import type { FieldValue } from '../../../shared/result.ts';
import { formatValue } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { OtherReading } from './review.ts';

/** The id of one reading's sentence: the value's Edit button is described by it too. */
export const readingId = (valueId: string, reading: OtherReading): string => `${valueId}-${reading.kind}`;

/**
 * What else was read for a value, in words, each with Use it, which saves it as the person's
 * correction: the model's answer left out as not on the page, and, muted, the offline engine's
 * reading where it differs.
 */
export function OtherReadings({
  valueId,
  readings,
  field,
  onUse,
}: {
  valueId: string;
  readings: OtherReading[];
  field: Pick<Field, 'label' | 'type'>;
  onUse: (value: FieldValue) => void;
}) {
  const { t, locale } = useI18n();
  return readings.map((reading) => {
    const value = formatValue(reading.value, locale, t, field.type);
    return (
      <span key={reading.kind} className={`reading reading-${reading.kind}`}>
        <span id={readingId(valueId, reading)}>
          {reading.kind === 'dropped' ? t('droppedRead', { value }) : t('secondOpinionRead', { value })}
        </span>{' '}
        <button
          type="button"
          className="link"
          aria-label={t('useReadingLabel', { value, label: field.label })}
          onClick={() => onUse(reading.value)}
        >
          {t('useReading')}
        </button>
      </span>
    );
  });
}
