import type { AppService } from '../app/service.ts';
import type { WatchEvent } from '../core/auto/watch.ts';
import { effectiveHotkeys, type HotkeyPair } from '../shared/accelerator.ts';
import { UserError, errorMessage } from '../shared/errors.ts';
import type { Message } from '../shared/messages/message.ts';
import { sayStoredError } from '../shared/stored-error.ts';
import type { EventName, EventPayload, IpcResponse } from '../shared/ipc.ts';
import type { Profile } from '../shared/field.ts';
import { INPUT_EXTENSIONS } from '../shared/input-files.ts';
import type { Region, Result } from '../shared/result.ts';
import { clipboardImage } from '../core/capture/clipboard.ts';
import type { ImageSource } from '../core/pipeline.ts';
import type { Settings } from '../shared/settings.ts';
import { CaptureRunner, type CaptureKind } from './capture-runner.ts';
import { displayUnderCursor } from './displays.ts';
import { FrameSource } from './frame-source.ts';
import { Hotkeys, type HotkeyStatus } from './hotkeys.ts';
import { liveTranslator } from '../shared/messages/catalogue.ts';
import { pickLocale, type Locale } from '../shared/messages/locale.ts';
import { resultNotification } from './notify.ts';
import { captureLimits, type ScreenPermission } from './platform.ts';
import type {
  ClipboardPort,
  DisplayInfo,
  FileDialogPort,
  FramePort,
  NotifierPort,
  ScreenPort,
  ShortcutPort,
} from './ports.ts';
import type { TrayState } from './tray-menu.ts';

/** Everything the controller needs from Electron and the windows, each a function or two wide. */
export interface ControllerPorts {
  screen: ScreenPort;
  frames: FramePort;
  shortcuts: ShortcutPort;
  notifier: NotifierPort;
  clipboard: ClipboardPort;
  fileDialog: FileDialogPort;
  /** The region overlay on a display: the rectangle drawn (points, display-relative), or null. */
  selectRegion(display: DisplayInfo): Promise<Region | null>;
  /** Renders the tray's icon and menu for this state. */
  showTray(state: TrayState): void;
  /** Opens History on a result (a notification was clicked). */
  showResult(id: string): void;
  openSettings(): void;
  /** Tells every open window. */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void;
  platform: NodeJS.Platform;
  /** Main's environment (the session type, DISPLAY): what the system allows to capture. */
  env: NodeJS.ProcessEnv;
  osLocale: string;
  screenPermission(): ScreenPermission;
}

/** The soonest a retry round follows another, whatever the queue says is due. */
const RETRY_MIN_MS = 5_000;

/**
 * What the tray app does, without Electron: hotkeys and tray menu -> one capture at a time ->
 * AppService's pipeline -> a notification and a refreshed History; auto-capture on and off. Main's
 * index.ts only builds the ports and forwards Electron's events here, so all of this is tested
 * with in-test ports and a real AppService.
 */
export class AppController {
  private readonly app: AppService;
  private readonly ports: ControllerPorts;
  private readonly runner: CaptureRunner;
  private readonly hotkeys: Hotkeys;
  private readonly frames: FrameSource;
  private hotkeyStatus: Record<'capture' | 'region', HotkeyStatus> = {
    capture: { ok: true },
    region: { ok: true },
  };
  private busy = false;
  private auto: { stop: AbortController; done: Promise<void> } | null = null;
  private autoPaused = false;
  /** The running auto-capture waits out a budget cap (its own pause, not the person's). */
  private autoCapped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  private readonly retryMinMs: number;

  constructor(app: AppService, ports: ControllerPorts, options: { retryMinMs?: number } = {}) {
    this.app = app;
    this.ports = ports;
    this.retryMinMs = options.retryMinMs ?? RETRY_MIN_MS;
    this.hotkeys = new Hotkeys(ports.shortcuts);
    this.frames = new FrameSource(ports.screen, ports.frames, ports.platform);
    this.runner = new CaptureRunner({
      run: (kind) => this.runCapture(kind),
      onBusy: (busy) => {
        this.busy = busy;
        this.refreshTray();
      },
      onError: (error) => this.report(this.t('captureProblem'), error),
    });
  }

  /** In the language Settings name, else the system's. */
  private readonly t = liveTranslator(() => this.locale());

  private locale(): Locale {
    return pickLocale(this.app.getSettings().locale, [this.ports.osLocale]);
  }

  /** At start: shortcuts, tray, what the system will not allow, auto-capture if it was on. */
  start(): void {
    this.applyHotkeys();
    const limits = this.limits();
    if (limits.length > 0)
      this.ports.notifier.show({ title: this.t('cannotCapture'), body: this.sayAll(limits) });
    if (this.app.getSettings().auto.enabled) this.startAuto();
    this.refreshTray();
    void this.scheduleRetries();
  }

  /** Settings or profiles changed in a window: shortcuts, tray and auto-capture follow them. */
  settingsChanged(): void {
    this.applyHotkeys();
    const enabled = this.app.getSettings().auto.enabled;
    if (!enabled && this.auto) void this.stopAuto();
    if (enabled && !this.auto && !this.autoPaused) this.startAuto();
    this.refreshTray();
  }

  /** A hotkey, the tray menu or a window asked for a capture; presses during a run queue one more. */
  capture(kind: CaptureKind): Promise<void> {
    return this.runner.trigger(kind);
  }

  hotkeysStatus(): IpcResponse<'hotkeys:status'> {
    return { ...this.hotkeyStatus, limits: this.limits() };
  }

  private limits(): Message[] {
    return captureLimits(this.ports.platform, this.ports.env, this.ports.screenPermission());
  }

  /** The shortcuts in force: the ones Settings store, else this platform's defaults. */
  private effectiveHotkeys(capture = this.app.getSettings().capture): HotkeyPair {
    return effectiveHotkeys(capture, this.ports.platform);
  }

  private applyHotkeys(): void {
    const status = this.hotkeys.apply(this.effectiveHotkeys(), {
      capture: () => void this.capture('screen'),
      region: () => void this.capture('region'),
    });
    const changed = JSON.stringify(status) !== JSON.stringify(this.hotkeyStatus);
    this.hotkeyStatus = status;
    const problems = Object.values(status).flatMap((s) => (s.ok ? [] : [s.message]));
    if (changed && problems.length > 0) {
      this.ports.notifier.show({
        title: this.t('hotkeyProblem'),
        body: this.sayAll(problems),
        onClick: () => this.ports.openSettings(),
      });
    }
  }

  refreshTray(): void {
    const settings = this.app.getSettings();
    this.ports.showTray({
      busy: this.busy,
      autoCapture: this.auto ? (this.autoCapped ? 'capped' : 'running') : this.autoPaused ? 'paused' : 'off',
      profiles: settings.profiles.map((p) => ({ id: p.id, name: p.name })),
      activeProfileId: this.app.activeProfile()?.id ?? null,
      hotkeys: this.effectiveHotkeys(settings.capture),
      platform: this.ports.platform,
    });
  }

  async useProfile(id: string): Promise<void> {
    await this.app.saveSettings({ ...this.app.getSettings(), activeProfileId: id });
    this.refreshTray();
  }

  /** The profile to extract with; without one, Settings opens and says why. */
  private profileOrSettings(): Profile | undefined {
    const profile = this.app.activeProfile();
    if (profile) return profile;
    this.ports.notifier.show({
      title: this.t('noProfile'),
      body: this.t('noProfileBody'),
      onClick: () => this.ports.openSettings(),
    });
    this.ports.openSettings();
    return undefined;
  }

  private async runCapture(kind: CaptureKind): Promise<void> {
    const profile = this.profileOrSettings();
    if (!profile) return;
    const { capture } = this.app.getSettings();
    const display = this.target(capture.display);
    let region: Region | null = null;
    if (kind === 'region') {
      region = await this.ports.selectRegion(display);
      // Esc: nothing is captured and nothing is said.
      if (!region) return;
    }
    const points = region;
    const result = await this.app.extractCapture(
      () =>
        !points && capture.display === 'all'
          ? this.frames.desktop(undefined, capture.imageFormat)
          : this.frames.display(display, points ? { points } : undefined, capture.imageFormat),
      { profile },
    );
    this.announce(result, profile);
  }

  /** A new result: every window's lists follow, and a notification opens it in History. */
  private announce(result: Result, profile: Profile): void {
    this.ports.broadcast('results:changed', { id: result.id });
    const { title, body } = resultNotification(result, profile.fields, this.locale(), this.t);
    this.ports.notifier.show({ title, body, onClick: () => this.ports.showResult(result.id) });
    if (result.status === 'pending') void this.scheduleRetries();
  }

  /**
   * The tray's Extract from file…: each image or PDF picked in the dialog, one after another (the
   * offline engine keeps both cores busy on one page), each with its own notification. A file that
   * cannot be read is said and the next one still runs.
   */
  async extractFiles(): Promise<void> {
    const profile = this.profileOrSettings();
    if (!profile) return;
    const files = await this.ports.fileDialog.openFiles({
      title: this.t('filesDialogTitle'),
      filterName: this.t('filesDialogFilter'),
      extensions: INPUT_EXTENSIONS.map((ext) => ext.slice(1)),
    });
    for (const file of files) await this.extractOne({ kind: 'file', path: file }, profile);
  }

  /** The tray's Extract from clipboard: the image copied, or a notification that there is none. */
  async extractClipboard(): Promise<void> {
    const profile = this.profileOrSettings();
    if (!profile) return;
    const png = await this.ports.clipboard.readImage();
    if (!png) {
      this.ports.notifier.show({ title: this.t('readProblem'), body: this.t('clipboard.noImage') });
      return;
    }
    // Stored as pending before anything reads it: the clipboard may hold something else by then.
    await this.extractOne({ kind: 'loaded', image: await clipboardImage(png) }, profile);
  }

  private async extractOne(source: ImageSource, profile: Profile): Promise<void> {
    try {
      this.announce(await this.app.extract(source, { profile }), profile);
    } catch (error) {
      this.report(this.t('readProblem'), error);
    }
  }

  /**
   * Results kept as pending (the provider unreachable or rate limited) are tried again on the
   * queue's backoff, by a timer that exists only while something is pending: with nothing waiting
   * the app does no work at all. Auto-capture's loop also retries while it runs; the queue and
   * AppService make sure a result is never run twice at once.
   */
  async scheduleRetries(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.stopped) return;
    const due = this.app.retryQueue().nextDue(await this.app.pendingResults());
    if (due === undefined || this.stopped) return;
    this.retryTimer = setTimeout(() => void this.retryDue(), Math.max(this.retryMinMs, due - Date.now()));
  }

  private async retryDue(): Promise<void> {
    try {
      for (const result of await this.app.retryQueue().runDue()) {
        this.ports.broadcast('results:changed', { id: result.id });
        if (result.status === 'pending') continue;
        const fields = this.app.findProfile(result.profile.id)?.fields ?? [];
        const { title, body } = resultNotification(result, fields, this.locale(), this.t);
        this.ports.notifier.show({ title, body, onClick: () => this.ports.showResult(result.id) });
      }
    } catch (error) {
      this.app.logger.error('retrying pending results failed', error);
    }
    await this.scheduleRetries();
  }

  /**
   * The display to capture, as Settings > Capture says: the one under the pointer or the main one
   * (with "all screens", the one a region is drawn on).
   */
  private target(which: Settings['capture']['display']): DisplayInfo {
    const displays = this.ports.screen.displays();
    if (which === 'primary') {
      const primary = displays.find((d) => d.primary);
      if (primary) return primary;
    }
    return displayUnderCursor(this.ports.screen);
  }

  /** The tray's auto-capture item: start (turning it on in Settings), pause, or resume. */
  async toggleAutoCapture(): Promise<void> {
    if (this.auto) {
      this.autoPaused = true;
      await this.stopAuto();
    } else {
      this.autoPaused = false;
      const settings = this.app.getSettings();
      if (!settings.auto.enabled)
        await this.app.saveSettings({ ...settings, auto: { ...settings.auto, enabled: true } });
      this.startAuto();
    }
    this.refreshTray();
  }

  private startAuto(): void {
    const profile = this.app.activeProfile();
    if (!profile || this.auto) return;
    const { auto, capture } = this.app.getSettings();
    const stop = new AbortController();
    // The display under the pointer is looked up at each capture: the person moves between screens.
    const display = () => this.target(capture.display);
    const everything = capture.display === 'all';
    const done = this.app
      .watch({
        profile,
        mode: auto.mode,
        intervalMs: auto.intervalSeconds * 1000,
        threshold: auto.threshold,
        ...(auto.maxPerHour === undefined ? {} : { maxPerHour: auto.maxPerHour }),
        ...(auto.maxCostPerDayUsd === undefined ? {} : { maxCostPerDayUsd: auto.maxCostPerDayUsd }),
        allowDuplicates: auto.allowDuplicates,
        signal: stop.signal,
        capture: () =>
          everything
            ? this.frames.desktop(auto.region, capture.imageFormat)
            : this.frames.display(
                display(),
                auto.region ? { pixels: auto.region } : undefined,
                capture.imageFormat,
              ),
        probe: () => (everything ? this.frames.probeDesktop() : this.frames.probe(display())),
        onEvent: (event) => this.onAutoEvent(event),
      })
      .then(
        (summary) => this.app.logger.info(`auto-capture stopped: ${JSON.stringify(summary)}`),
        (error: unknown) => this.report(this.t('autoCapture'), error),
      )
      .finally(() => {
        if (this.auto?.stop === stop) {
          this.auto = null;
          this.autoCapped = false;
        }
        this.refreshTray();
      });
    this.auto = { stop, done };
  }

  private async stopAuto(): Promise<void> {
    const running = this.auto;
    if (!running) return;
    running.stop.abort();
    await running.done;
  }

  private onAutoEvent(event: WatchEvent): void {
    switch (event.type) {
      case 'extracted':
      case 'retried':
        this.ports.broadcast('results:changed', { id: event.result.id });
        if (event.result.status === 'failed') {
          this.ports.notifier.show({
            title: this.t('failed'),
            body: sayStoredError(this.t.locale, event.result) ?? this.t('failed'),
            onClick: () => this.ports.showResult(event.result.id),
          });
        }
        return;
      case 'paused':
        this.autoCapped = true;
        this.refreshTray();
        this.ports.notifier.show({ title: this.t('autoCapture'), body: this.t.say(event.reason) });
        return;
      case 'blocked':
        this.ports.notifier.show({ title: this.t('autoCapture'), body: this.t.say(event.reason) });
        return;
      case 'capture-failed':
        this.ports.notifier.show({ title: this.t('autoCapture'), body: this.t.say(event.message) });
        return;
      case 'resumed':
        this.autoCapped = false;
        this.refreshTray();
        return;
      case 'duplicate':
        return;
    }
  }

  private report(title: string, error: unknown): void {
    if (!(error instanceof UserError)) this.app.logger.error(title, error);
    else this.app.logger.warn(`${title}: ${error.message}`);
    this.ports.notifier.show({ title, body: this.t.say(errorMessage(error)) });
  }

  /** Several sentences as one notification's body. */
  private sayAll(said: readonly Message[]): string {
    return said.map((m) => this.t.say(m)).join(' ');
  }

  /** Quit: shortcuts released, auto-capture stopped after the extraction under way is saved. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.hotkeys.releaseAll();
    await this.stopAuto();
  }
}
