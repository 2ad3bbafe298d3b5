import path from 'node:path';
import { usageError, UserError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { ProviderId } from '../../shared/result.ts';
import type { AppService } from '../../app/service.ts';
import { estimateImage } from '../../core/imaging/tokens.ts';
import { imageInfo } from '../../core/imaging/prepare.ts';
import { readImageFile } from '../../core/pipeline.ts';
import { DEFAULT_MODELS, costUsd } from '../../core/providers/models.ts';
import { detailArg, parse, providerArg, sizeArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { voice } from '../voice.ts';

export async function tokensCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    size: { type: 'string' },
    provider: { type: 'string' },
    model: { type: 'string' },
    detail: { type: 'string' },
    json: { type: 'boolean' },
  });
  if ((positionals.length === 0) === (values.size === undefined) || positionals.length > 1) {
    throw usageError('cli.tokensNeedsInput');
  }
  let size;
  if (values.size !== undefined) {
    size = sizeArg(values.size);
  } else {
    const file = path.resolve(io.cwd, positionals[0]!);
    const info = await imageInfo(await readImageFile(file)).catch((cause: unknown) => {
      if (cause instanceof UserError) throw cause;
      throw usageError('image.fileNotReadable', { file }, cause);
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
  // A size or detail the model cannot take is a usage error.
  const estimate = estimateImage(size, { provider, model, detail });
  const cost = costUsd(model, { inputTokens: estimate.tokens, outputTokens: 0 }, app.getSettings().prices);
  if (values.json) {
    line(io.stdout, JSON.stringify({ provider, model, input: size, ...estimate, costUsd: cost ?? null }));
    return EXIT.ok;
  }
  const t = voice(io, app);
  line(
    io.stdout,
    t(estimate.estimate ? 'cli.tokensEstimated' : 'cli.tokens', {
      size: `${size.width}x${size.height}`,
      provider,
      model,
      detail: estimate.detail,
      sent: `${estimate.width}x${estimate.height}`,
      tokens: String(estimate.tokens),
      cost:
        cost === undefined
          ? message('cli.noPrice')
          : message('cli.costPerImage', { cost: `$${cost.toFixed(5)}` }),
    }),
  );
  return EXIT.ok;
}
