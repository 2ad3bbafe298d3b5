import { frameSignature, type FrameSignature } from '../core/auto/change.ts';
import { loadCapturedFrame } from '../core/capture/frame.ts';
import type { KeptFormat } from '../core/imaging/encode.ts';
import { stitchCapturedFrames } from '../core/imaging/prepare.ts';
import type { LoadedImage } from '../core/pipeline.ts';
import type { Region } from '../shared/result.ts';
import { desktopLayout, regionInPixels } from './displays.ts';
import { captureDisplay } from './frame-capture.ts';
import type { DisplayInfo, FramePort, ScreenPort } from './ports.ts';

/** The size of the thumbnail the on-change probe compares: a few thousand pixels, ~free to grab. */
const PROBE_SIZE = { width: 160, height: 90 };

/** A region drawn on the overlay (in points) or auto-capture's (in the frame's pixels). */
export type CaptureRegion = { points: Region } | { pixels: Region };

/**
 * Pictures of the screen as the pipeline wants them: one display or the whole desktop, cropped,
 * kept as PNG or JPEG; and the small thumbnails auto-capture compares. Raw BGRA frames from the
 * frame port go to imaging as they are (transferred, never copied here).
 */
export class FrameSource {
  private readonly screen: ScreenPort;
  private readonly frames: FramePort;
  private readonly platform: NodeJS.Platform;

  constructor(screen: ScreenPort, frames: FramePort, platform: NodeJS.Platform) {
    this.screen = screen;
    this.frames = frames;
    this.platform = platform;
  }

  /** One display as the pipeline's image, cropped to a region when one is given. */
  async display(
    display: DisplayInfo,
    region: CaptureRegion | undefined,
    format: KeptFormat,
  ): Promise<LoadedImage> {
    const frame = await captureDisplay(display, this.frames, this.platform);
    const crop = !region
      ? undefined
      : 'points' in region
        ? regionInPixels(region.points, display, frame.input)
        : regionInPixels(region.pixels, { ...display, scaleFactor: 1 }, frame.input);
    return loadCapturedFrame(
      frame.input,
      { display: frame.display, ...(crop ? { region: crop } : {}) },
      format,
    );
  }

  /** Every display, as one picture of the desktop (Settings > Capture > all screens). */
  async desktop(region: Region | undefined, format: KeptFormat): Promise<LoadedImage> {
    const layout = desktopLayout(this.screen.displays());
    const frames = await Promise.all(
      layout.places.map((p) => captureDisplay(p.display, this.frames, this.platform)),
    );
    const input = await stitchCapturedFrames(
      frames.map((f, i) => ({ ...layout.places[i]!, frame: f.input })),
      layout.canvas,
    );
    const crop = region
      ? regionInPixels(region, { ...layout.places[0]!.display, scaleFactor: 1 }, input)
      : undefined;
    return loadCapturedFrame(input, { display: 'all', ...(crop ? { region: crop } : {}) }, format);
  }

  /** A thumbnail of the display: enough to tell a changed screen from a still one, for ~nothing. */
  async probe(display: DisplayInfo): Promise<FrameSignature | null> {
    const frame = await this.frames.grab(display, PROBE_SIZE);
    if (frame.width === 0 || frame.height === 0) return null;
    return frameSignature({
      data: new Uint8Array(frame.data),
      width: frame.width,
      height: frame.height,
      channels: 4,
    });
  }

  /** The whole desktop as one small thumbnail, for change detection. */
  async probeDesktop(): Promise<FrameSignature | null> {
    const layout = desktopLayout(this.screen.displays(), PROBE_SIZE.width);
    const frames = await Promise.all(
      layout.places.map((p) => this.frames.grab(p.display, { width: p.width, height: p.height })),
    );
    if (frames.some((f) => f.width === 0 || f.height === 0)) return null;
    const stitched = await stitchCapturedFrames(
      frames.map((f, i) => ({
        ...layout.places[i]!,
        frame: {
          kind: 'raw' as const,
          data: f.data,
          width: f.width,
          height: f.height,
          channels: 4 as const,
          order: 'bgra' as const,
        },
      })),
      layout.canvas,
    );
    return frameSignature({
      data: new Uint8Array(stitched.data),
      width: stitched.width,
      height: stitched.height,
      channels: 4,
    });
  }
}
