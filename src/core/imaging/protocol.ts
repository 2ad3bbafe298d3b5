import type { ImageRequest } from './types.ts';
import type { RawFrame } from './encode.ts';

/** Main thread -> worker. A raw frame's ArrayBuffer is in the transfer list. */
export interface WorkerJob {
  id: number;
  input: { kind: 'raw'; frame: RawFrame } | { kind: 'encoded'; data: Uint8Array };
  request: ImageRequest;
  /** performance.timeOrigin + performance.now() when posted: the hand-off time is measured from it. */
  postedAt: number;
}

export interface JobTimings {
  /** Posted -> the worker starts (structured clone / transfer + queueing), ms. */
  handoffMs: number;
  /** sharp's resize + encode + sha256 inside the worker, ms. */
  workMs: number;
  /** performance.timeOrigin + performance.now() when the worker posted the answer. */
  doneAt: number;
}

/** Worker -> main thread. The output bytes' ArrayBuffer is transferred back. */
export type WorkerReply =
  | {
      id: number;
      ok: true;
      image: {
        data: ArrayBuffer;
        byteOffset: number;
        byteLength: number;
        mediaType: 'image/png' | 'image/jpeg';
        width: number;
        height: number;
        sourceWidth: number;
        sourceHeight: number;
        sha256: string;
        detail: ImageRequest['detail'];
        estimatedTokens: number;
      };
      timings: JobTimings;
    }
  | {
      id: number;
      ok: false;
      error: { message: string; user: boolean; kind: 'usage' | 'failed' };
      timings: JobTimings;
    };

/** A clock both threads share: each thread's performance.now() is relative to its own origin. */
export const sharedNow = (): number => performance.timeOrigin + performance.now();
