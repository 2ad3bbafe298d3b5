import path from 'node:path';
import { usageError } from '../../shared/errors.ts';
import type { AppService } from '../../app/service.ts';
import { readImage } from '../../core/pipeline.ts';
import { detailArg, parse, providerArg, sizeArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';

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
    throw usageError(
      'Give one image or --size WxH: extracto tokens shot.png, or extracto tokens --size 1920x1080.',
    );
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
  const costText = costUsd === undefined ? 'no price known' : `about $${costUsd.toFixed(5)} per image`;
  line(
    io.stdout,
    `${size.width}x${size.height} on ${provider} ${model}, detail ${estimate.detail}: sent as ${estimate.width}x${estimate.height}, ` +
      `${estimate.tokens} input tokens${estimate.estimate ? ' (estimated)' : ''}, ${costText}.`,
  );
  return EXIT.ok;
}
