import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changed } from '../../src/core/auto/change.ts';
import { createX11Probe } from '../../src/core/auto/probe.ts';
import { screen } from '../helpers/auto-frames.ts';
import { hasXvfb, paintRoot, startXvfb, type XServer } from '../helpers/xvfb.ts';

function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The on-change probe for real: one ffmpeg reading an Xvfb screen through x11grab.
describe.skipIf(!hasXvfb || !hasFfmpeg())('the X11 screen probe (ffmpeg x11grab)', () => {
  let x: XServer;
  let dir: string;
  const paint = async (seed: number) => {
    const file = path.join(dir, `screen-${seed}.png`);
    await writeFile(file, await screen({ seed }));
    paintRoot(x.display, file);
  };

  beforeAll(async () => {
    x = await startXvfb();
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-probe-'));
    await paint(1);
  });
  afterAll(async () => {
    x?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sees the same signature on a still screen and a different one when a document appears', async () => {
    const probe = await createX11Probe({ intervalMs: 200 }, { DISPLAY: x.display });
    expect(probe).not.toBeNull();
    try {
      const a = (await probe!.look())!;
      const b = (await probe!.look())!;
      expect(changed(a, b)).toBe(false);
      await paint(2);
      // The stream runs at the polling rate: the new screen shows within a few looks (~2 frames).
      let looks = 0;
      let c = b;
      while (!changed(b, c) && looks < 10) {
        c = (await probe!.look())!;
        looks++;
      }
      expect(changed(b, c)).toBe(true);
      expect(looks).toBeLessThanOrEqual(4);
    } finally {
      probe!.close();
    }
  });

  it('watches a region only, and says there is no probe without a display', async () => {
    const probe = await createX11Probe(
      { intervalMs: 200, region: { x: 0, y: 0, width: 400, height: 300 } },
      { DISPLAY: x.display },
    );
    expect(await probe?.look()).toBeTruthy();
    probe?.close();
    expect(await createX11Probe({ intervalMs: 200 }, {})).toBeNull();
    // After close, looks answer null instead of hanging.
    expect(await probe?.look()).toBeNull();
  });
});
