import { RE2JS } from 're2js';
import { message, say } from './messages/catalogue.ts';
import type { Message } from './messages/message.ts';

/**
 * The patterns a person types (a field's pattern hint, a redaction pattern) run on RE2's engine
 * (re2js, a pure-JavaScript port): its matching time grows linearly with the text, whatever the
 * pattern, so no pattern can hang a capture the way `(a+)+b` hangs JavaScript's backtracking
 * RegExp. The price is RE2's syntax: no backreferences and no lookahead. Patterns are written in
 * JavaScript's syntax (no slashes) and translated; they always match ignoring case.
 */

/** One match: where it starts in the text, and what it matched. */
interface PatternMatch {
  index: number;
  text: string;
}

export interface UserPattern {
  readonly source: string;
  /** Whether the pattern matches anywhere in the text. */
  test(text: string): boolean;
  /** The first match, or null. */
  exec(text: string): PatternMatch | null;
  /** Every match, left to right, none overlapping. */
  all(text: string): PatternMatch[];
}

/** A pattern that cannot be used: `said` is the clause from patternProblem(), `message` its English. */
export class PatternError extends Error {
  readonly said: Message;
  constructor(said: Message) {
    super(say('en', said));
    this.name = 'PatternError';
    this.said = said;
  }
}

/** The clause for a pattern with a JavaScript syntax error, in English (the schema's message). */
export const NOT_A_REGEXP = say('en', message('pattern.notRegExp'));

/** Backreferences and lookahead, found outside character classes; RE2 has neither. */
function unsupportedConstruct(source: string): Message | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')))
        return message('pattern.backreference', { construct: next === 'k' ? '\\k<…>' : `\\${next}` });
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(' && source[i + 1] === '?' && (source[i + 2] === '=' || source[i + 2] === '!'))
      return message('pattern.lookahead', { construct: `${source.slice(i, i + 3)}…)` });
  }
  return undefined;
}

const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.LOOKBEHINDS;

function compileRe2(source: string): RE2JS {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source), FLAGS);
  } catch (error) {
    const detail = ((error as Error).message ?? '').replace(/^error parsing regexp:\s*/, '');
    if (/invalid repeat count/.test(detail)) throw new PatternError(message('pattern.hugeRepeat'));
    throw new PatternError(message('pattern.unsupported', { detail }));
  }
}

/**
 * Why a pattern cannot be used, as a clause to follow its name ("… is not a valid regular
 * expression"); undefined when it can.
 */
export function patternProblem(source: string): Message | undefined {
  try {
    // Only parsed, never run: a catastrophic pattern is harmless until it meets text.
    new RegExp(source);
  } catch {
    return message('pattern.notRegExp');
  }
  const construct = unsupportedConstruct(source);
  if (construct) return construct;
  try {
    compileRe2(source);
    return undefined;
  } catch (error) {
    return (error as PatternError).said;
  }
}

/** Compiles a person's pattern for the linear-time engine; a PatternError says why it cannot be. */
export function compileUserPattern(source: string): UserPattern {
  const problem = patternProblem(source);
  if (problem) throw new PatternError(problem);
  const re = compileRe2(source);
  return {
    source,
    test: (text) => re.test(text),
    exec: (text) => {
      const m = re.exec(text) as (Array<string | undefined> & { index: number }) | null;
      return m ? { index: m.index, text: m[0] ?? '' } : null;
    },
    all: (text) => {
      const out: PatternMatch[] = [];
      for (const m of re.matchAll(text)) out.push({ index: m.index ?? 0, text: m[0] ?? '' });
      return out;
    },
  };
}
