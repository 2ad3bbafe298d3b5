import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { clipboardImage } from '../../src/core/capture/clipboard.ts';
import type { Profile } from '../../src/shared/field.ts';
import type { Result } from '../../src/shared/result.ts';
import { silentLogger } from '../../src/core/log.ts';
import { runExtraction, type LoadedImage, type PipelinePorts } from '../../src/core/pipeline.ts';
import type { PreparedImage } from '../../src/core/imaging/types.ts';
import type { VisionProvider } from '../../src/core/providers/types.ts';

const profile: Profile = { id: 'p', name: 'P', fields: [{ key: 'total', label: 'Total', type: 'number' }] };
const CAPTURE = Buffer.from('the capture, as taken');
const REDACTED = Buffer.from('the capture, blacked out');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const loaded: LoadedImage = {
  input: { kind: 'encoded', data: CAPTURE },
  stored: { data: CAPTURE, ext: 'png' },
  width: 10,
  height: 10,
  source: { kind: 'screen', display: '0' },
};

/** A store that records what was saved, in order, and whether the image came with it. */
function recordingPorts() {
  const saves: Array<{ status: Result['status']; image?: Buffer }> = [];
  const ports: PipelinePorts = {
    logger: silentLogger,
    loadFile: () => Promise.reject(new Error('no files here')),
    captureScreen: () => Promise.resolve(loaded),
    prepareImage: (input) =>
      Promise.resolve({
        data: (input as { data: Buffer }).data,
        mediaType: 'image/png',
        width: 10,
        height: 10,
        sourceWidth: 10,
        sourceHeight: 10,
        sha256: '',
        detail: 'low',
        estimatedTokens: 0,
      } satisfies PreparedImage),
    saveResult: (result, image) => {
      saves.push({ status: result.status, ...(image ? { image: image.data } : {}) });
      return Promise.resolve({ ...result, image: { ...result.image, path: `/images/${result.id}.png` } });
    },
  };
  return { saves, ports };
}

function provider(remote: boolean, extract: VisionProvider['extract']): VisionProvider {
  return {
    id: remote ? 'openai' : 'local',
    defaultModel: 'm',
    remote,
    leavesMachine: remote,
    imageRequest: (model, detail) => ({ provider: remote ? 'openai' : 'local', model, detail }),
    extract,
    check: () => Promise.resolve({ code: 'local.check', params: { engine: 'test' } }),
    close: () => Promise.resolve(),
  };
}

describe('a capture is kept before anything reads it', () => {
  it('before redaction runs: a guard that never returns loses nothing', async () => {
    const { saves, ports } = recordingPorts();
    let seenByGuard: typeof saves = [];
    const result = await runExtraction(ports, {
      source: { kind: 'screen' },
      profile,
      provider: provider(true, () => Promise.reject(new Error('not asked'))),
      detail: 'auto',
      beforeSend: () => {
        seenByGuard = saves.map((s) => ({ ...s }));
        return Promise.reject(new Error('OCR crashed'));
      },
    });
    // The pending record with the capture was on disk when redaction began.
    expect(seenByGuard).toEqual([{ status: 'pending', image: CAPTURE }]);
    expect(result.status).toBe('failed');
    expect(saves.at(-1)).toEqual({ status: 'failed' });
  });

  it('the redacted image then replaces the capture, which is remembered by its hash', async () => {
    const { saves, ports } = recordingPorts();
    const result = await runExtraction(ports, {
      source: { kind: 'screen' },
      profile,
      provider: provider(true, () => Promise.resolve({ raw: '{"total": 5}', model: 'm' })),
      detail: 'auto',
      beforeSend: (image) =>
        Promise.resolve({
          ...image,
          input: { kind: 'encoded', data: REDACTED },
          stored: { data: REDACTED, ext: 'png' },
        }),
    });
    expect(saves).toEqual([
      { status: 'pending', image: CAPTURE },
      { status: 'ok', image: REDACTED },
    ]);
    expect(result.image).toMatchObject({ sha256: sha(REDACTED), capturedSha256: sha(CAPTURE) });
  });

  it('before the offline matcher reads a screen capture', async () => {
    const { saves, ports } = recordingPorts();
    let seenByMatcher: typeof saves = [];
    await runExtraction(ports, {
      source: { kind: 'screen' },
      profile,
      provider: provider(false, () => {
        seenByMatcher = saves.map((s) => ({ ...s }));
        return Promise.resolve({ answer: { total: 5 }, model: 'm' });
      }),
      detail: 'auto',
    });
    expect(seenByMatcher).toEqual([{ status: 'pending', image: CAPTURE }]);
    expect(saves.at(-1)).toEqual({ status: 'ok' });
  });

  it('before the offline matcher reads a clipboard image (it cannot be pasted twice)', async () => {
    const png = await sharp({ create: { width: 12, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const { saves, ports } = recordingPorts();
    let seenByMatcher: typeof saves = [];
    const result = await runExtraction(ports, {
      source: { kind: 'loaded', image: await clipboardImage(png) },
      profile,
      provider: provider(false, () => {
        seenByMatcher = saves.map((s) => ({ ...s }));
        return Promise.resolve({ answer: { total: 5 }, model: 'm' });
      }),
      detail: 'auto',
    });
    expect(seenByMatcher).toEqual([{ status: 'pending', image: png }]);
    expect(result.source).toEqual({ kind: 'clipboard' });
    expect(result.image).toMatchObject({ width: 12, height: 8, sha256: sha(png) });
  });
});
