import type { Message } from '../../shared/messages/message.ts';
import type { Region } from '../../shared/result.ts';
import type { ImageRequest, PreparedImage } from './types.ts';
import type { KeptFormat, Placement, RawFrame } from './encode.ts';

/** What a worker is asked to do. A raw frame's ArrayBuffer is in the transfer list. */
export type WorkerTask =
  /** Resize and encode for a provider (prepareRaw / prepareEncoded). */
  | {
      kind: 'prepare';
      input: { kind: 'raw'; frame: RawFrame } | { kind: 'encoded'; data: Uint8Array };
      request: ImageRequest;
    }
  /** Encode a captured frame as the PNG kept in the history (keepFrame), cropped to a region. */
  | { kind: 'keep'; frame: RawFrame; crop?: Region; format?: KeptFormat }
  /** Several displays' frames into one picture of the desktop (stitchFrames). */
  | { kind: 'stitch'; parts: Placement[]; canvas: { width: number; height: number } };

/** Main thread -> worker. */
export type WorkerJob = WorkerTask & {
  id: number;
  /** performance.timeOrigin + performance.now() when posted: the hand-off time is measured from it. */
  postedAt: number;
};

export interface JobTimings {
  /** Posted -> the worker starts (structured clone / transfer + queueing), ms. */
  handoffMs: number;
  /** sharp's resize + encode + sha256 inside the worker, ms. */
  workMs: number;
  /** performance.timeOrigin + performance.now() when the worker posted the answer. */
  doneAt: number;
}

/** Bytes sent back: sharp's output may sit in a larger pooled ArrayBuffer, so offsets travel too. */
export interface Bytes {
  data: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
}

export interface PreparedOutput {
  kind: 'prepare';
  /** A PreparedImage whose bytes cross the thread boundary as a transferred buffer. */
  image: Bytes & Omit<PreparedImage, 'data'>;
}

export interface KeptOutput {
  kind: 'keep';
  image: Bytes;
  ext: 'png' | 'jpg';
  frame: RawFrame;
}

export interface StitchedOutput {
  kind: 'stitch';
  frame: RawFrame;
}

/** Worker -> main thread. Output ArrayBuffers are transferred back where V8 allows it. */
export type WorkerReply =
  | { id: number; ok: true; output: PreparedOutput | KeptOutput | StitchedOutput; timings: JobTimings }
  | {
      id: number;
      ok: false;
      /** `said`: a UserError's sentence as data, thrown again as one on the main thread. */
      error: { message: string; said?: Message; kind: 'usage' | 'failed' };
      timings: JobTimings;
    };

/** A clock both threads share: each thread's performance.now() is relative to its own origin. */
export const sharedNow = (): number => performance.timeOrigin + performance.now();
