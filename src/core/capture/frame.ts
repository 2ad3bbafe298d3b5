import type { Region } from '../../shared/result.ts';
import type { KeptFormat } from '../imaging/encode.ts';
import type { ImageInput } from '../imaging/types.ts';
import { keepCapturedFrame } from '../imaging/prepare.ts';
import type { LoadedImage } from '../pipeline.ts';

/**
 * A frame captured by the desktop app (raw BGRA from desktopCapturer) as the pipeline's image:
 * the image kept in the history is encoded in the imaging worker, cropped to the region drawn, and
 * the pixels go on to be prepared for the provider without being decoded again.
 * `frame.data` is transferred to the worker and detached after the call.
 */
export async function loadCapturedFrame(
  frame: Extract<ImageInput, { kind: 'raw' }>,
  where: { display: string; region?: Region },
  format: KeptFormat = 'png',
): Promise<LoadedImage> {
  const kept = await keepCapturedFrame(frame, where.region, format);
  return {
    input: kept.input,
    stored: kept.stored,
    width: kept.input.width,
    height: kept.input.height,
    source: { kind: 'screen', display: where.display, ...(where.region ? { region: where.region } : {}) },
  };
}
