/** Trims and collapses every run of white space (OCR and models both leave stray newlines). */
export function normalizeText(input: string): string {
  return input.replace(/\s+/gu, ' ').trim();
}

/** Upper-cased, accents removed: the form labels and month names are compared in. */
export function foldText(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}

/**
 * Text in the plain forms of Latin script: full-width letters, digits and marks (NFKC), and the
 * ideographic comma and full stop, which OCR models trained on Chinese as well print for the
 * marks they see on Latin text ("632，6", "Level 6、Bangunan", "（X）").
 */
export function latinText(input: string): string {
  return input.normalize('NFKC').replace(/、/gu, ',').replace(/。/gu, '.');
}
