import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { PAGE_READINGS, type Result } from '../../shared/result.ts';
import { usageError } from '../../shared/errors.ts';
import { say, type Translate } from '../../shared/messages/catalogue.ts';
import { sayStoredError } from '../../shared/stored-error.ts';
import type { AppService } from '../../app/service.ts';
import type { ImageSource } from '../../core/pipeline.ts';
import { readInput } from '../../core/pipeline.ts';
import { clipboardImage, readClipboard } from '../../core/capture/clipboard.ts';
import { listInputs } from '../../core/inputs.ts';
import { formatPages, pagesIn, parsePageRange, type PageRange } from '../../shared/pages.ts';
import { PROVIDER_OPTIONS, parse, positiveInt, regionArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { extractOptionsFrom } from '../extract-options.ts';
import { voice } from '../voice.ts';

export const EXTRACT_OPTIONS = {
  ...PROVIDER_OPTIONS,
  concurrency: { type: 'string' },
  pages: { type: 'string' },
  recursive: { type: 'boolean' },
  clipboard: { type: 'boolean' },
} as const;
export const CAPTURE_OPTIONS = {
  ...PROVIDER_OPTIONS,
  display: { type: 'string' },
  region: { type: 'string' },
} as const;

/** Checks every input before the first extraction, so a typo in file 90 does not surface after 89. */
async function checkInputs(files: string[]): Promise<void> {
  for (const file of files) {
    await readInput(file);
  }
}

/**
 * Where a result's image came from: in English for a line of the batch on stdout (scripts read
 * it), or with `t` in the person's language for a sentence.
 */
function sourceLabel(source: Result['source'], t?: Translate): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 'screen':
      return t ? t('cli.displayLabel', { display: source.display }) : `display ${source.display}`;
    case 'clipboard':
      return t ? t('cli.clipboardLabel') : 'clipboard';
  }
}

function report(
  io: CliIo,
  t: Translate,
  result: Result,
  json: boolean,
  batch: boolean,
  range?: PageRange,
): void {
  // The batch's lines on stdout are data (one per image): their label stays as it is.
  const label = sourceLabel(result.source);
  if (json) {
    line(io.stdout, JSON.stringify(result));
    // The JSON holds the error too, but a failure is also one sentence on stderr: a script that
    // only shows stderr (or a person watching it) must not see exit 1 and nothing said.
    if (result.status !== 'ok') line(io.stderr, failedLine(t, result));
    return;
  }
  if (batch) {
    line(io.stdout, `${label}\t${result.status}\t${JSON.stringify(result.fields)}`);
  } else {
    line(io.stdout, JSON.stringify(result.fields, null, 2));
  }
  sayPages(io, t, result, range);
  if (result.status === 'ok') {
    if (!batch) line(io.stderr, t('cli.saved', { id: result.id, ms: String(result.durationMs) }));
    sayChecks(io, t, result);
  } else {
    line(io.stderr, failedLine(t, result));
  }
}

/**
 * For a document: which pages were read and how (on stderr), and, when a limit left some of the
 * pages asked for out, which ones and how to read them.
 */
function sayPages(io: CliIo, t: Translate, result: Result, range: PageRange | undefined): void {
  const doc = result.document;
  if (!doc || result.status === 'pending') return;
  const said = { text: 'cli.pagesFromText', ocr: 'cli.pagesByOcr', image: 'cli.pagesAsImage' } as const;
  const how = PAGE_READINGS.flatMap((from) => {
    const pages = doc.pages.filter((p) => p.from === from).map((p) => p.page);
    return pages.length === 0 ? [] : [t(said[from], { pages: formatPages(pages) })];
  });
  line(
    io.stderr,
    t('cli.pagesRead', { read: String(doc.pages.length), count: String(doc.pageCount), how: how.join(', ') }),
  );
  const read = new Set(doc.pages.map((p) => p.page));
  // Pages asked for (all, without --pages) that were not read: past the limit of one extraction.
  const left = pagesIn(range, doc.pageCount).filter((p) => !read.has(p));
  if (left.length > 0) line(io.stderr, t('cli.pagesLeft', { pages: formatPages(left) }));
}

/** The checks of the numbers, on stderr: each one that failed, or that they all passed. */
function sayChecks(io: CliIo, t: Translate, result: Result): void {
  const checks = result.checks ?? [];
  const failed = checks.filter((c) => !c.ok);
  for (const c of failed)
    line(io.stderr, t('cli.checkFailed', { id: result.id, check: say(t.locale, c, c.message) }));
  if (checks.length > 0 && failed.length === 0)
    line(io.stderr, t('cli.checksPassed', { count: checks.length }));
}

function failedLine(t: Translate, result: Result): string {
  return t('cli.notExtracted', {
    label: sourceLabel(result.source, t),
    reason: sayStoredError(t.locale, result) ?? t('cli.extractionFailed'),
    id: result.id,
  });
}

/** Runs jobs with at most `concurrency` at once; Ctrl+C stops new ones and lets the running ones end. */
async function runAll<T>(
  items: T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

export async function extractCommand(
  app: AppService,
  io: CliIo,
  args: string[],
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parse(args, EXTRACT_OPTIONS);
  if (positionals.length === 0 && !values.clipboard) throw usageError('cli.extractNeedsImage');
  const { files, fromFolder } = await listInputs(
    positionals.map((p) => path.resolve(io.cwd, p)),
    { recursive: values.recursive === true, skip: [app.paths.home] },
  );
  const pages = values.pages === undefined ? undefined : parsePageRange(values.pages);
  await checkInputs(files);
  // Read before any extraction: a clipboard with no image is said at once, like a missing file.
  const pasted = values.clipboard
    ? await clipboardImage(await readClipboard(process.platform, io.env))
    : undefined;
  const sources: ImageSource[] = [
    ...(pasted ? [{ kind: 'loaded' as const, image: pasted }] : []),
    ...files.map((file) => ({ kind: 'file' as const, path: file, pages })),
  ];
  const options = { ...(await extractOptionsFrom(app, io, values)), signal };
  const { remote } = await app.providerFor(options);
  // The offline engine already keeps both cores busy on one page; cloud calls mostly wait.
  const concurrency = positiveInt('concurrency', values.concurrency, remote ? 4 : 1);
  // A folder's results are a batch even when it holds one image: the output's shape must not
  // depend on how many files happen to be in it.
  const batch = sources.length > 1 || fromFolder;
  const t = voice(io, app);
  const bar =
    batch && io.stderr.isTTY
      ? new SingleBar({
          stream: io.stderr,
          // Filled in by cli-progress, not by us.
          format: t('cli.progress', {
            bar: '{bar}',
            value: '{value}',
            total: '{total}',
            eta_formatted: '{eta_formatted}',
          }),
          hideCursor: true,
          clearOnComplete: true,
        })
      : undefined;
  bar?.start(sources.length, 0);
  let failed = 0;
  await runAll(sources, concurrency, signal, async (source) => {
    const result = await app.extract(source, options);
    if (result.status !== 'ok') failed++;
    bar?.increment();
    report(io, t, result, values.json === true, batch, pages);
  });
  bar?.stop();
  if (signal.aborted) line(io.stderr, t('cli.stoppedImages'));
  if (batch && !values.json)
    line(
      io.stderr,
      t('cli.batchSummary', {
        ok: String(sources.length - failed),
        total: String(sources.length),
        failed: String(failed),
      }),
    );
  return failed > 0 || signal.aborted ? EXIT.failed : EXIT.ok;
}

export async function captureCommand(
  app: AppService,
  io: CliIo,
  args: string[],
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parse(args, CAPTURE_OPTIONS);
  if (positionals.length > 0) throw usageError('cli.captureNoFiles', { name: positionals[0]! });
  const region = regionArg(values.region);
  const options = { ...(await extractOptionsFrom(app, io, values)), signal };
  const result = await app.extract(
    { kind: 'screen', ...(values.display ? { display: values.display } : {}), ...(region ? { region } : {}) },
    options,
  );
  report(io, voice(io, app), result, values.json === true, false);
  return result.status === 'ok' ? EXIT.ok : EXIT.failed;
}
