import { userError } from '../../shared/errors.ts';
import type { Profile } from '../../shared/field.ts';
import type { Settings } from '../../shared/settings.ts';
import type { Logger } from '../log.ts';
import type { LoadedImage } from '../pipeline.ts';
import type { OcrEngine } from '../providers/local/ocr.ts';
import { compilePatterns } from './patterns.ts';
import { kindsAskedFor, redactImage } from './redact.ts';

/**
 * The pipeline's beforeSend hook for settings.privacy.redact: reads the image with the local OCR
 * and blacks out sensitive text, except the kinds the profile asks for (a profile with an e-mail
 * field keeps e-mails). The redacted PNG replaces the image: it is what is sent and what is stored.
 */
export function createRedactor(
  redact: Settings['privacy']['redact'],
  profile: Profile,
  ocr: () => Promise<OcrEngine>,
  logger: Logger,
): (image: LoadedImage) => Promise<LoadedImage> {
  // A pattern the engine cannot run is a usage error that says to fix it in Settings > Privacy.
  const patterns = compilePatterns(redact.patterns);
  const asked = kindsAskedFor(profile);
  const kinds = redact.kinds.filter((k) => !asked.has(k));
  return async (image) => {
    let out;
    try {
      out = await redactImage(image.stored.data, await ocr(), { kinds, patterns });
    } catch (cause) {
      throw userError('privacy.redactionFailed', {}, { cause });
    }
    if (out.redactions.length === 0) return image;
    const counts = new Map<string, number>();
    for (const r of out.redactions) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
    logger.info(`redacted before sending: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
    return {
      ...image,
      input: { kind: 'encoded', data: out.png },
      stored: { data: out.png, ext: 'png' },
    };
  };
}
