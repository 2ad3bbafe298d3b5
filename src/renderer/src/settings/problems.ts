import type { MessageCode, Translate } from '../../../shared/messages/catalogue.ts';

/** The shared schema's messages (English fragments) as sentences in the person's language. */
const KNOWN: [RegExp, MessageCode][] = [
  [/^needs a name$/, 'problemName'],
  [/^needs a label$/, 'problemLabel'],
  [/^needs at least one field$/, 'problemFields'],
  [/^is not a valid regular expression$/, 'problemPattern'],
  [/^must start with a letter/, 'problemKey'],
  [/is used twice$/, 'problemDuplicate'],
];

export function problemText(message: string, t: Translate): string {
  for (const [pattern, key] of KNOWN) if (pattern.test(message)) return t(key);
  return message;
}
