import type { Translate } from '../../../shared/messages/catalogue.ts';
import type { Locale } from '../../../shared/messages/locale.ts';
import type { Check } from '../../../shared/result.ts';

/** The checks as a person reads them: the failed ones first, each in the order it was run. */
export function failedFirst(checks: readonly Check[]): Check[] {
  return [...checks.filter((c) => !c.ok), ...checks.filter((c) => c.ok)];
}

/** Every field key and cell key (`items[2].amount`) a failed check compared: what to look at. */
export function flaggedKeys(checks: readonly Check[] | undefined): Set<string> {
  return new Set((checks ?? []).filter((c) => !c.ok).flatMap((c) => c.fields));
}

const NUMBER = /-?\d+(?:\.\d+)?/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A check's parameter the person's way. The checks write their figures as printed, with a dot
 * and the decimals of the document ("1234.50", "21.00 + 5.00"), so the file reads the same for
 * everyone; the window shows each figure as its other numbers are (1.234,50 in Spanish), with
 * the same decimals, and a date as its dates are.
 */
function localParam(value: string, locale: Locale): string {
  if (ISO_DATE.test(value)) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  return value.replace(NUMBER, (figure) => {
    const decimals = figure.includes('.') ? figure.length - figure.indexOf('.') - 1 : 0;
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(Number(figure));
  });
}

/** What a check found, in the window's language (the English kept in the file if its code is unknown). */
export function sayCheck(check: Check, t: Translate): string {
  const params = Object.fromEntries(
    Object.entries(check.params).map(([name, value]) => [name, localParam(value, t.locale)]),
  );
  return t.say({ code: check.code, params }, check.message);
}
