import sharp from 'sharp';
import { UserError, usageError, userError } from '../../shared/errors.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { Region } from '../../shared/result.ts';
import type { ImageInput, ImageRequest, PreparedImage } from './types.ts';
import { notAnImage, type KeptFormat } from './encode.ts';
import { runInPool, type JobTimings } from './pool.ts';
import { estimateImage } from './tokens.ts';

export interface ImageInfo {
  width: number;
  height: number;
  format: string;
}

/** Size and format from the header only (no decode): for validating files before any work. */
export async function imageInfo(buffer: Buffer): Promise<ImageInfo> {
  if (buffer.length === 0) throw usageError('image.empty');
  let meta;
  try {
    meta = await sharp(buffer).metadata();
  } catch (cause) {
    throw notAnImage(cause);
  }
  if (!meta.format || !meta.width || !meta.height) throw notAnImage();
  return {
    width: meta.autoOrient?.width ?? meta.width,
    height: meta.autoOrient?.height ?? meta.height,
    format: meta.format,
  };
}

function checkRaw(input: Extract<ImageInput, { kind: 'raw' }>): void {
  const { width, height, channels } = input;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw userError('frame.noSize', { width: String(width), height: String(height) });
  }
  if (channels !== 3 && channels !== 4) throw userError('frame.channels', { channels: String(channels) });
  if (input.order !== 'rgba' && input.order !== 'bgra')
    throw userError('frame.pixelOrder', { order: String(input.order) });
  const expected = width * height * channels;
  if (input.data.byteLength === 0) throw userError('frame.empty');
  if (input.data.byteLength !== expected) {
    throw userError('frame.wrongLength', {
      bytes: String(input.data.byteLength),
      width: String(width),
      height: String(height),
      channels: String(channels),
      expected: String(expected),
    });
  }
}

/** prepareImage plus where the time went (the benchmark reports it). */
export async function prepareImageTimed(
  input: ImageInput,
  request: ImageRequest,
): Promise<{ image: PreparedImage; timings: JobTimings & { returnMs: number } }> {
  if (input.kind === 'raw') {
    checkRaw(input);
    // Fails fast on the main thread (e.g. `original` on gpt-4o) before the frame is given away.
    estimateImage({ width: input.width, height: input.height }, request);
  } else if (input.data.length === 0) {
    throw usageError('image.empty');
  }
  const reply = await runInPool({
    kind: 'prepare',
    input:
      input.kind === 'raw'
        ? {
            kind: 'raw',
            frame: {
              data: input.data,
              width: input.width,
              height: input.height,
              channels: input.channels,
              order: input.order,
            },
          }
        : { kind: 'encoded', data: input.data },
    request,
  });
  const timings = { ...reply.timings, returnMs: reply.receivedAt - reply.timings.doneAt };
  if (!reply.ok) throw workerError(reply.error);
  if (reply.output.kind !== 'prepare') throw new Error('imaging worker answered a prepare job with a keep');
  const { data, byteOffset, byteLength, ...rest } = reply.output.image;
  return { image: { ...rest, data: Buffer.from(data, byteOffset, byteLength) }, timings };
}

function workerError(error: { message: string; said?: Message; kind: 'usage' | 'failed' }): UserError {
  if (error.said) return new UserError(error.said, { kind: error.kind });
  return userError('image.prepareFailed', {}, { cause: new Error(error.message) });
}

/**
 * A captured frame made ready for the pipeline, in the imaging worker: the image kept beside the
 * result (cropped to `crop`, a region in the frame's pixels), and the pixels handed back as the
 * input to prepare, so nothing is decoded again. `frame.data` is detached after the call.
 */
export async function keepCapturedFrame(
  frame: Extract<ImageInput, { kind: 'raw' }>,
  crop?: Region,
  format: KeptFormat = 'png',
): Promise<{ stored: { data: Buffer; ext: 'png' | 'jpg' }; input: Extract<ImageInput, { kind: 'raw' }> }> {
  checkRaw(frame);
  if (crop && (crop.x + crop.width > frame.width || crop.y + crop.height > frame.height)) {
    throw usageError('frame.regionOutside', {
      width: String(crop.width),
      height: String(crop.height),
      x: String(crop.x),
      y: String(crop.y),
      frameWidth: String(frame.width),
      frameHeight: String(frame.height),
    });
  }
  const { data, width, height, channels, order } = frame;
  const reply = await runInPool({
    kind: 'keep',
    frame: { data, width, height, channels, order },
    ...(crop ? { crop } : {}),
    format,
  });
  if (!reply.ok) throw workerError(reply.error);
  if (reply.output.kind !== 'keep') throw new Error('imaging worker answered a keep job with a prepare');
  const { image, ext, frame: kept } = reply.output;
  return {
    stored: { data: Buffer.from(image.data, image.byteOffset, image.byteLength), ext },
    input: { kind: 'raw', ...kept },
  };
}

/**
 * The image exactly as the provider's model will take it: resized to the token table's size for
 * the model and detail (aspect ratio kept), PNG-encoded, hashed, with its token estimate. sharp
 * runs in a worker thread; raw frames are transferred to it, so `input.data` is detached after.
 */
export async function prepareImage(input: ImageInput, request: ImageRequest): Promise<PreparedImage> {
  return (await prepareImageTimed(input, request)).image;
}

/**
 * Several displays' frames as one picture of the desktop, made in the imaging worker (the frames
 * are transferred to it and detached here).
 */
export async function stitchCapturedFrames(
  parts: ReadonlyArray<{
    frame: Extract<ImageInput, { kind: 'raw' }>;
    left: number;
    top: number;
    width: number;
    height: number;
  }>,
  canvas: { width: number; height: number },
): Promise<Extract<ImageInput, { kind: 'raw' }>> {
  for (const p of parts) checkRaw(p.frame);
  const reply = await runInPool({
    kind: 'stitch',
    parts: parts.map(({ frame, ...place }) => ({
      frame: {
        data: frame.data,
        width: frame.width,
        height: frame.height,
        channels: frame.channels,
        order: frame.order,
      },
      ...place,
    })),
    canvas,
  });
  if (!reply.ok) throw workerError(reply.error);
  if (reply.output.kind !== 'stitch')
    throw new Error('imaging worker answered a stitch job with something else');
  return { kind: 'raw', ...reply.output.frame };
}
