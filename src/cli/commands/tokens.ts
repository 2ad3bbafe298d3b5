import path from 'node:path';
import { usageError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { AppService } from '../../app/service.ts';
import { readImage } from '../../core/pipeline.ts';
import { detailArg, parse, providerArg, sizeArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { voice } from '../voice.ts';

export const TOKENS_OPTIONS = {
  size: { type: 'string' },
  provider: { type: 'string' },
  model: { type: 'string' },
  detail: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function tokensCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, TOKENS_OPTIONS);
  if ((positionals.length === 0) === (values.size === undefined) || positionals.length > 1) {
    throw usageError('cli.tokensNeedsInput');
  }
  const size =
    values.size !== undefined
      ? sizeArg(values.size)
      : (await readImage(path.resolve(io.cwd, positionals[0]!))).info;
  const { provider, model, costUsd, ...estimate } = app.estimateTokens({
    width: size.width,
    height: size.height,
    provider: providerArg(values.provider),
    model: values.model,
    detail: detailArg(values.detail),
  });
  if (values.json) {
    line(
      io.stdout,
      JSON.stringify({
        provider,
        model,
        input: { width: size.width, height: size.height },
        ...estimate,
        costUsd: costUsd ?? null,
      }),
    );
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
        costUsd === undefined
          ? message('cli.noPrice')
          : message('cli.costPerImage', { cost: `$${costUsd.toFixed(5)}` }),
    }),
  );
  return EXIT.ok;
}
