import { foldText, normalizeText } from './text.ts';

const TRUE_WORDS = new Set([
  'YES',
  'Y',
  'TRUE',
  'SI',
  'S',
  'X',
  '✓',
  '✔',
  '☑',
  '☒',
  '1',
  'ON',
  'CHECKED',
  'OK',
  'VERDADERO',
  'CIERTO',
]);
const FALSE_WORDS = new Set(['NO', 'N', 'FALSE', '✗', '✘', '☐', '0', 'OFF', 'UNCHECKED', 'FALSO', '-']);

/** Yes/no in English and Spanish, and the marks people tick boxes with. */
export function parseBoolean(input: string): boolean | null {
  const word = foldText(normalizeText(input)).replace(/[.!]$/, '');
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/**
 * A list from text: one item per line, or separated by semicolons, or by commas when the text has
 * neither (commas inside numbers such as "1,234" do not split). Bullets are dropped.
 */
export function parseList(input: string): string[] {
  let parts: string[];
  if (/[\n;]/.test(input)) parts = input.split(/\r?\n|;/);
  else parts = input.split(/,(?!\d{3}(?!\d))/);
  return parts.map((p) => normalizeText(p.replace(/^\s*(?:[-*•·–]|\d+[.)])\s+/, ''))).filter((p) => p !== '');
}
