import type { Region, Source } from '../shared/result.ts';
import type { ImageInfo } from './imaging/prepare.ts';
import type { Logger } from './log.ts';
import { captureScreen } from './capture/screen.ts';
import { keepCapturedFrame, prepareImage } from './imaging/prepare.ts';
import { readInput, type Loaded, type LoadedImage, type PipelinePorts } from './pipeline.ts';
import { loadPdf } from './document/load.ts';
import type { PageRange } from '../shared/pages.ts';
import type { ResultStore } from './store/store.ts';
import type { Price } from './providers/models.ts';

async function loadFile(file: string, options?: { pages?: PageRange | undefined }): Promise<Loaded> {
  const read = await readInput(file);
  if (read.kind === 'pdf') return loadPdf(file, read.data, options?.pages);
  return encodedImage(read.data, read.info, { kind: 'file', path: file });
}

/** An encoded image (a file's bytes, the clipboard's) as the pipeline takes it. */
export async function encodedImage(data: Buffer, info: ImageInfo, source: Source): Promise<LoadedImage> {
  return {
    input: { kind: 'encoded', data },
    // Kept as the user's own bytes when a person can open them anywhere; other formats become PNG.
    stored:
      info.format === 'jpeg'
        ? { data, ext: 'jpg' }
        : info.format === 'png'
          ? { data, ext: 'png' }
          : await asPng(data),
    width: info.width,
    height: info.height,
    source,
  };
}

async function asJpeg(data: Buffer): Promise<{ data: Buffer; ext: 'jpg' }> {
  const { default: sharp } = await import('sharp');
  return { data: await sharp(data).jpeg({ quality: 90 }).toBuffer(), ext: 'jpg' };
}

async function asPng(data: Buffer): Promise<{ data: Buffer; ext: 'png' }> {
  const { default: sharp } = await import('sharp');
  return { data: await sharp(data).png().toBuffer(), ext: 'png' };
}

/** A screenshot as the pipeline's image: kept (PNG or JPEG) and ready to prepare. */
export async function captureToImage(
  options: { display?: string; region?: Region },
  format: 'png' | 'jpeg',
  logger: Logger,
): Promise<LoadedImage> {
  const shot = await captureScreen(options);
  if (shot.fallback) logger.info(`Screen captured with screenshot-desktop: ${shot.fallback}`);
  const source: Source = {
    kind: 'screen',
    display: shot.display,
    ...(shot.region ? { region: shot.region } : {}),
  };
  if (shot.image.kind === 'raw') {
    // Already cut to the region by the X server: only the kept copy is encoded, and the pixels go
    // on to be prepared without a PNG in between.
    const kept = await keepCapturedFrame(shot.image, undefined, format);
    return { input: kept.input, stored: kept.stored, width: shot.width, height: shot.height, source };
  }
  const png = shot.image.data;
  return {
    input: { kind: 'encoded', data: png },
    // Settings > Capture > JPEG: kept smaller; the provider still gets the lossless pixels.
    stored: format === 'jpeg' ? await asJpeg(png) : { data: png, ext: 'png' },
    width: shot.width,
    height: shot.height,
    source,
  };
}

/** The real parts of core, wired for the pipeline. */
export function createPipelinePorts(deps: {
  logger: Logger;
  store: ResultStore;
  /** How screen captures are kept (Settings > Capture); files are kept as they are. */
  imageFormat?: 'png' | 'jpeg';
  /** settings.prices: overrides of the dated price table, for each result's cost. */
  prices?: Readonly<Record<string, Price>>;
}): PipelinePorts {
  return {
    logger: deps.logger,
    ...(deps.prices ? { prices: deps.prices } : {}),
    loadFile,
    captureScreen: (options) => captureToImage(options, deps.imageFormat ?? 'png', deps.logger),
    prepareImage,
    saveResult: (result, image) => deps.store.save(result, image),
  };
}
