import { userError } from '../shared/errors.ts';
import type { ImageInput } from '../core/imaging/types.ts';
import { pixelSize } from './displays.ts';
import type { DisplayInfo, FramePort } from './ports.ts';

export interface CapturedFrame {
  input: Extract<ImageInput, { kind: 'raw' }>;
  display: string;
}

/**
 * One display at its real pixel size, handed on as raw BGRA (no PNG encode and decode on the way:
 * imaging takes raw frames, transferred without a copy).
 */
export async function captureDisplay(
  display: DisplayInfo,
  frames: FramePort,
  platform: NodeJS.Platform,
): Promise<CapturedFrame> {
  const size = pixelSize(display);
  const frame = await frames.grab(display, size);
  if (frame.width === 0 || frame.height === 0 || frame.data.byteLength === 0) {
    throw userError(platform === 'darwin' ? 'screen.macPermission' : 'screen.emptyImage');
  }
  if (frame.data.byteLength !== frame.width * frame.height * 4) {
    throw new Error(
      `frame of ${frame.data.byteLength} bytes does not match ${frame.width}x${frame.height} BGRA`,
    );
  }
  return {
    input: {
      kind: 'raw',
      data: frame.data,
      width: frame.width,
      height: frame.height,
      channels: 4,
      order: 'bgra',
    },
    display: display.id,
  };
}
