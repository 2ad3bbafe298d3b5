import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors.ts';
import { MAX_FIELDS, parseFieldSpec, parseProfile, Profile, StoredProfile } from '../../src/shared/field.ts';
import { compileUserPattern, patternProblem as patternMessage } from '../../src/shared/pattern.ts';
import { say } from '../../src/shared/messages/catalogue.ts';
import { Settings } from '../../src/shared/settings.ts';
import { checkNewPatterns, compilePatterns, findSensitive } from '../../src/core/privacy/patterns.ts';
import { matchFields } from '../../src/core/providers/local/matcher.ts';
import type { OcrEngine, OcrPage } from '../../src/core/providers/local/ocr.ts';
import { LocalProvider } from '../../src/core/providers/local/provider.ts';
import type { PreparedImage } from '../../src/core/imaging/types.ts';

// The pattern from the report: JavaScript's backtracking RegExp takes about 2^n steps on a run of
// n "a" with no "b" after it (24 of them: a few seconds here; 40: longer than anyone waits). Kept
// short enough that the old engine fails these tests rather than hanging them.
const EVIL = '(a+)+b';
const RUN = 'a'.repeat(24);
const QUICK_MS = 500;

/** The clause, in English, as the sentences that name a pattern say it. */
function patternProblem(source: string): string | undefined {
  const problem = patternMessage(source);
  return problem && say('en', problem);
}

function page(text: string): OcrPage {
  const box = { x: 10, y: 10, w: 500, h: 20 };
  return {
    width: 600,
    height: 100,
    engine: 'test',
    lines: [{ text, confidence: 0.9, box, words: [{ text, confidence: 0.9, box }] }],
  };
}

function elapsed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

describe('user patterns run in linear time', () => {
  it('a catastrophic field pattern cannot hang the offline matcher', () => {
    const fields = [{ key: 'code', label: 'Code', type: 'text' as const, hints: { pattern: EVIL } }];
    let fieldsFound: Record<string, unknown> = {};
    expect(elapsed(() => (fieldsFound = matchFields(page(RUN), fields).fields))).toBeLessThan(QUICK_MS);
    expect(fieldsFound).toEqual({ code: null });
    // The engine still matches: the same pattern finds its value where there is one.
    expect(matchFields(page(`${RUN}b`), fields).fields).toEqual({ code: `${RUN}b` });
  });

  it('a catastrophic redaction pattern cannot hang redaction', () => {
    const custom = compilePatterns([EVIL]);
    expect(elapsed(() => findSensitive(RUN, [], custom))).toBeLessThan(QUICK_MS);
    expect(findSensitive(`id ${RUN}b!`, [], custom)).toEqual([
      { kind: 'custom', start: 3, end: 28, text: `${RUN}b` },
    ]);
  });

  it('keeps JavaScript syntax: ignore case, \\d, \\b, named groups, \\u escapes, lookbehind', () => {
    expect(compileUserPattern('INV-\\d{4}\\b').exec('ref inv-0042.')).toEqual({ index: 4, text: 'inv-0042' });
    expect(compileUserPattern('(?<year>\\d{4})-\\d{2}').test('2026-11')).toBe(true);
    expect(compileUserPattern('caf\\u00e9').test('CAFÉ')).toBe(true);
    expect(compileUserPattern('(?<!\\d)\\d{3}').all('x1234 567')).toEqual([
      { index: 1, text: '123' },
      { index: 6, text: '567' },
    ]);
  });

  it('says why a pattern cannot be used: backreferences, lookahead, huge repeats, bad syntax', () => {
    expect(patternProblem('(\\w)\\1')).toMatch(/^uses a backreference "\\1", which Extracto's linear-time/);
    expect(patternProblem('(?<a>x)\\k<a>')).toMatch(/^uses a backreference "\\k<…>"/);
    expect(patternProblem('\\d+(?=EUR)')).toMatch(/^uses a lookahead "\(\?=…\)"/);
    expect(patternProblem('a{2000}')).toMatch(/^repeats something more than 1000 times/);
    expect(patternProblem('([')).toBe('is not a valid regular expression');
    expect(patternProblem('[\\1]')).toMatch(/^uses syntax .* does not support \(invalid escape/);
    expect(patternProblem('\\d{8}[A-Z]')).toBeUndefined();
  });
});

describe('where patterns and fields are entered', () => {
  const base = { id: 'p', name: 'Invoices' };

  it('a profile refuses a pattern the engine cannot run, and says so', () => {
    const fields = [{ key: 'code', label: 'Code', type: 'text' as const, hints: { pattern: '(\\w)\\1' } }];
    const parsed = Profile.safeParse({ ...base, fields });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['fields', 0, 'hints', 'pattern'] });
    expect(() => parseProfile({ ...base, fields })).toThrow(
      /^The pattern "\(\\w\)\\1" of the field "Code" uses a backreference "\\1", which Extracto's linear-time pattern engine \(RE2 syntax\) does not support\.$/,
    );
  });

  it(`a profile has at most ${MAX_FIELDS} fields`, () => {
    const fields = parseFieldSpec(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `field ${i}`).join(','));
    expect(Profile.safeParse({ ...base, fields: fields.slice(0, MAX_FIELDS) }).success).toBe(true);
    let error: unknown;
    try {
      parseProfile({ ...base, fields });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).kind).toBe('usage');
    expect((error as UserError).message).toBe(
      `A profile can have at most ${MAX_FIELDS} fields, and this one has ${MAX_FIELDS + 1}: split it into several profiles.`,
    );
  });

  it('settings saved before these checks still load, whole', () => {
    const many = parseFieldSpec(Array.from({ length: 150 }, (_, i) => `field ${i}`).join(','));
    const old = {
      profiles: [
        { ...base, fields: [{ key: 'code', label: 'Code', hints: { pattern: '(\\w)\\1' } }] },
        { id: 'q', name: 'Big', fields: many },
      ],
      privacy: { redact: { enabled: true, patterns: ['(\\d)\\1'] } },
    };
    const parsed = Settings.safeParse(old);
    expect(parsed.success).toBe(true);
    expect(parsed.data!.profiles.map((p) => p.fields.length)).toEqual([1, 150]);
    expect(StoredProfile.safeParse(old.profiles[0]).success).toBe(true);
  });

  it('such an old pattern fails the extraction with a sentence, before the page is read', async () => {
    let reads = 0;
    const engine: OcrEngine = {
      name: 'test',
      recognize: async () => {
        reads++;
        return page('Code AB');
      },
      close: async () => undefined,
    };
    const profile = {
      ...base,
      fields: [{ key: 'code', label: 'Code', type: 'text' as const, hints: { pattern: '(\\w)\\1' } }],
    };
    const image = { data: Buffer.alloc(0), detail: 'auto' } as unknown as PreparedImage;
    const error = await new LocalProvider(engine)
      .extract({ image, profile, model: 'test' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      /^The pattern "\(\\w\)\\1" of the field "Code" uses a backreference .*; change it in Settings > Profiles/,
    );
    expect(reads).toBe(0);
  });

  it('a new redaction pattern the engine cannot run is refused; one already saved is left alone', () => {
    expect(() => checkNewPatterns(['X-\\d{5}', '(\\d)\\1'], ['X-\\d{5}'])).toThrow(
      /^The redaction pattern "\(\\d\)\\1" uses a backreference "\\1", .*, so the privacy settings were not saved\.$/,
    );
    expect(() => checkNewPatterns(['(\\d)\\1', 'X-\\d{5}'], ['(\\d)\\1'])).not.toThrow();
    expect(() => compilePatterns(['(\\d)\\1'])).toThrow(
      /^The redaction pattern "\(\\d\)\\1" uses a backreference/,
    );
  });
});
