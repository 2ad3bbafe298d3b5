import { say, type MessageCode, type Translate } from '../../../shared/messages/catalogue.ts';
import type { Message } from '../../../shared/messages/message.ts';

/**
 * The shared schema's messages (English fragments) as this window's sentences, in the person's
 * language; one it has no sentence for (a pattern the engine cannot run) is said as the schema
 * said it, in the person's language when the schema gave it as a message.
 */
const KNOWN: [RegExp, MessageCode][] = [
  [/^needs a name$/, 'problemName'],
  [/^needs a label$/, 'problemLabel'],
  [/^needs at least one field$/, 'problemFields'],
  [/needs at least one column$/, 'problemColumns'],
  [/^is not a valid regular expression$/, 'problemPattern'],
  [/^must start with a letter/, 'problemKey'],
  [/is used twice$/, 'problemDuplicate'],
];

export function problemText(problem: string | Message, t: Translate): string {
  const english = typeof problem === 'string' ? problem : say('en', problem);
  for (const [pattern, key] of KNOWN) if (pattern.test(english)) return t(key);
  return typeof problem === 'string' ? problem : t.say(problem);
}
