import path from 'node:path';
import { usageError, UserError } from '../../shared/errors.ts';
import type { ProviderId } from '../../shared/result.ts';
import type { AppService } from '../../app/service.ts';
import { estimateImage } from '../../core/imaging/tokens.ts';
import { imageInfo } from '../../core/imaging/prepare.ts';
import { readImageFile } from '../../core/pipeline.ts';
import { DEFAULT_MODELS, costUsd } from '../../core/providers/models.ts';
import { detailArg, parse, providerArg, sizeArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';

export async function tokensCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    size: { type: 'string' },
    provider: { type: 'string' },
    model: { type: 'string' },
    detail: { type: 'string' },
    json: { type: 'boolean' },
  });
  if ((positionals.length === 0) === (values.size === undefined) || positionals.length > 1) {
    throw usageError(
      'Give one image or --size WxH: extracto tokens shot.png, or extracto tokens --size 1920x1080.',
    );
  }
  let size;
  if (values.size !== undefined) {
    size = sizeArg(values.size);
  } else {
    const file = path.resolve(io.cwd, positionals[0]!);
    const info = await imageInfo(await readImageFile(file)).catch((cause: unknown) => {
      if (cause instanceof UserError) throw cause;
      throw usageError(`${file} is not an image Extracto can read.`, cause);
    });
    size = { width: info.width, height: info.height };
  }
  // The offline engine bills nothing, so without a cloud provider in the settings the question is
  // what OpenAI would charge.
  const configured = app.getSettings().provider;
  const provider: ProviderId =
    providerArg(values.provider) ?? (configured.id === 'local' ? 'openai' : configured.id);
  const model =
    values.model ??
    (provider === configured.id ? configured.model : undefined) ??
    (provider === 'local' ? 'ocr' : DEFAULT_MODELS[provider]);
  const detail = detailArg(values.detail) ?? 'auto';
  let estimate;
  try {
    estimate = estimateImage(size, { provider, model, detail });
  } catch (error) {
    throw usageError((error as Error).message, error);
  }
  const cost = costUsd(model, { inputTokens: estimate.tokens, outputTokens: 0 }, app.getSettings().prices);
  if (values.json) {
    line(io.stdout, JSON.stringify({ provider, model, input: size, ...estimate, costUsd: cost ?? null }));
    return EXIT.ok;
  }
  const costText = cost === undefined ? 'no price known' : `about $${cost.toFixed(5)} per image`;
  line(
    io.stdout,
    `${size.width}x${size.height} on ${provider} ${model}, detail ${estimate.detail}: sent as ${estimate.width}x${estimate.height}, ` +
      `${estimate.tokens} input tokens${estimate.estimate ? ' (estimated)' : ''}, ${costText}.`,
  );
  return EXIT.ok;
}
