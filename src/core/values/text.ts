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
