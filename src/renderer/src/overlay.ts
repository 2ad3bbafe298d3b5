import './overlay.css';
import { translator } from '../../shared/messages/catalogue.ts';
import { pickLocale } from '../../shared/messages/locale.ts';
import type { Region } from '../../shared/result.ts';

/**
 * The region overlay (a transparent window over one display): drag a rectangle, release to
 * capture it, Esc or a click without a drag to cancel. The rectangle goes to main in the window's
 * CSS pixels, which are the display's points; main turns them into the frame's pixels.
 */
const box = document.getElementById('box')!;
const hint = document.getElementById('hint')!;
/** The hint in the browser's language at once, then in the one Settings name once they are read. */
function speak(setting: 'auto' | 'en' | 'es'): void {
  const t = translator(pickLocale(setting, navigator.languages));
  document.documentElement.lang = t.locale;
  document.title = t('overlay.title');
  hint.textContent = t('overlay.hint');
}
speak('auto');
window.extracto?.settingsGet().then(
  (settings) => speak(settings.locale),
  () => undefined,
);

let start: { x: number; y: number } | null = null;
let sent = false;

function rect(a: { x: number; y: number }, b: { x: number; y: number }): Region {
  const x = Math.max(0, Math.round(Math.min(a.x, b.x)));
  const y = Math.max(0, Math.round(Math.min(a.y, b.y)));
  return {
    x,
    y,
    width: Math.round(Math.max(a.x, b.x)) - x,
    height: Math.round(Math.max(a.y, b.y)) - y,
  };
}

function finish(region: Region | null): void {
  if (sent) return;
  sent = true;
  void window.extracto?.overlayFinish({ region });
}

window.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  start = { x: e.clientX, y: e.clientY };
  document.body.setPointerCapture(e.pointerId);
  hint.hidden = true;
});

window.addEventListener('pointermove', (e) => {
  if (!start) return;
  const r = rect(start, { x: e.clientX, y: e.clientY });
  box.hidden = false;
  document.body.classList.add('selecting');
  box.style.transform = `translate(${r.x}px, ${r.y}px)`;
  box.style.width = `${r.width}px`;
  box.style.height = `${r.height}px`;
});

window.addEventListener('pointerup', (e) => {
  if (!start) return;
  const r = rect(start, { x: e.clientX, y: e.clientY });
  start = null;
  // A click is no selection: a few pixels cannot hold a field.
  finish(r.width >= 8 && r.height >= 8 ? r : null);
});

window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') finish(null);
});
