import sharp from 'sharp';
import { UserError, usageError } from '../../shared/errors.ts';
import type { ImageInput, ImageRequest, PreparedImage } from './types.ts';
import { notAnImage } from './encode.ts';
import { runInPool, type JobTimings } from './pool.ts';
import { estimateImage } from './tokens.ts';

export interface ImageInfo {
  width: number;
  height: number;
  format: string;
}

/** Size and format from the header only (no decode): for validating files before any work. */
export async function imageInfo(buffer: Buffer): Promise<ImageInfo> {
  if (buffer.length === 0) throw usageError('The image is empty (0 bytes).');
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
    throw new UserError(`The captured frame has no usable size (${width}x${height}).`);
  }
  if (channels !== 3 && channels !== 4)
    throw new UserError(`The captured frame has ${String(channels)} channels; 3 or 4 are supported.`);
  if (input.order !== 'rgba' && input.order !== 'bgra')
    throw new UserError(`The captured frame's pixel order "${String(input.order)}" is not supported.`);
  const expected = width * height * channels;
  if (input.data.byteLength === 0)
    throw new UserError('The captured frame is empty (0 bytes); was it already sent once?');
  if (input.data.byteLength !== expected) {
    throw new UserError(
      `The captured frame has ${input.data.byteLength} bytes, but ${width}x${height} with ${channels} channels needs ${expected}.`,
    );
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
    throw usageError('The image is empty (0 bytes).');
  }
  const reply = await runInPool(
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
  );
  const timings = { ...reply.timings, returnMs: reply.receivedAt - reply.timings.doneAt };
  if (!reply.ok) {
    const { message, user, kind } = reply.error;
    if (user) throw new UserError(message, { kind });
    throw new UserError('The image could not be prepared; the details are in the log file.', {
      cause: new Error(message),
    });
  }
  const { data, byteOffset, byteLength, ...rest } = reply.image;
  return { image: { ...rest, data: Buffer.from(data, byteOffset, byteLength) }, timings };
}

/**
 * The image exactly as the provider's model will take it: resized to the token table's size for
 * the model and detail (aspect ratio kept), PNG-encoded, hashed, with its token estimate. sharp
 * runs in a worker thread; raw frames are transferred to it, so `input.data` is detached after.
 */
export async function prepareImage(input: ImageInput, request: ImageRequest): Promise<PreparedImage> {
  return (await prepareImageTimed(input, request)).image;
}
