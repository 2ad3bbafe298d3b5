export type CaptureKind = 'screen' | 'region';

/**
 * Runs captures one at a time. A press while one is running queues exactly one more (further
 * presses fold into it), so holding or mashing the hotkey neither crashes nor captures the same
 * screen five times. `onBusy` drives the tray's busy icon.
 */
export class CaptureRunner {
  private readonly run: (kind: CaptureKind) => Promise<void>;
  private readonly onBusy: (busy: boolean) => void;
  private readonly onError: (error: unknown) => void;
  private running: Promise<void> | null = null;
  private queued: CaptureKind | null = null;

  constructor(options: {
    run: (kind: CaptureKind) => Promise<void>;
    onBusy: (busy: boolean) => void;
    onError: (error: unknown) => void;
  }) {
    this.run = options.run;
    this.onBusy = options.onBusy;
    this.onError = options.onError;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when this press's capture (or the one it folded into) has finished. */
  trigger(kind: CaptureKind): Promise<void> {
    if (this.running) {
      // The running loop picks the queued capture up before it settles.
      this.queued = kind;
      return this.running;
    }
    this.onBusy(true);
    this.running = this.loop(kind);
    return this.running;
  }

  private async loop(first: CaptureKind): Promise<void> {
    let kind: CaptureKind | null = first;
    while (kind) {
      try {
        await this.run(kind);
      } catch (error) {
        this.onError(error);
      }
      kind = this.queued;
      this.queued = null;
    }
    this.running = null;
    this.onBusy(false);
  }
}
