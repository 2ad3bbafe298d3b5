import { z } from 'zod';

// The pages' CSP allows no eval, so zod must not try to compile its object parsers with one: the
// attempt is refused (and reported as a CSP violation) and zod falls back to interpreting them.
// Imported first by main.tsx, before any module builds a schema (zod reads this per schema).
z.config({ jitless: true });
