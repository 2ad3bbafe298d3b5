import { acceleratorProblem } from '../shared/accelerator.ts';
import { message } from '../shared/messages/catalogue.ts';
import type { Message } from '../shared/messages/message.ts';
import type { ShortcutPort } from './ports.ts';

export type HotkeyName = 'capture' | 'region';

export type HotkeyStatus = { ok: true } | { ok: false; reason: 'invalid' | 'taken'; message: Message };

/**
 * Registers the app's global shortcuts defensively: validates each accelerator, releases the ones
 * registered before, and reports a combination that the OS or another app holds instead of failing
 * silently. The OS shortcut API fires only on the exact combination, as the brief asks.
 */
export class Hotkeys {
  private readonly port: ShortcutPort;
  private readonly registered = new Map<HotkeyName, string>();

  constructor(port: ShortcutPort) {
    this.port = port;
  }

  apply(
    wanted: Record<HotkeyName, string>,
    handlers: Record<HotkeyName, () => void>,
  ): Record<HotkeyName, HotkeyStatus> {
    for (const accelerator of this.registered.values()) this.port.unregister(accelerator);
    this.registered.clear();
    const result = {} as Record<HotkeyName, HotkeyStatus>;
    const used = new Set<string>();
    for (const name of ['capture', 'region'] as const) {
      const accelerator = wanted[name];
      const problem = acceleratorProblem(accelerator);
      if (problem) {
        result[name] = { ok: false, reason: 'invalid', message: problem };
        continue;
      }
      const key = accelerator.toLowerCase();
      if (used.has(key) || !this.port.register(accelerator, handlers[name])) {
        result[name] = {
          ok: false,
          reason: 'taken',
          message: message('hotkey.taken', { accelerator }),
        };
        continue;
      }
      used.add(key);
      this.registered.set(name, accelerator);
      result[name] = { ok: true };
    }
    return result;
  }

  releaseAll(): void {
    for (const accelerator of this.registered.values()) this.port.unregister(accelerator);
    this.registered.clear();
  }
}
