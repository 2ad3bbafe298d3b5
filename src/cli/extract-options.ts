import { usageError } from '../shared/errors.ts';
import type { AppService, ExtractOptions } from '../app/service.ts';
import { detailArg, providerArg } from './args.ts';
import type { CliIo } from './io.ts';
import { resolveProfile } from './profile-arg.ts';

/** The provider, model and profile options every extracting command shares. */
export async function extractOptionsFrom(
  app: AppService,
  io: CliIo,
  values: {
    profile?: string | undefined;
    fields?: string | undefined;
    provider?: string | undefined;
    model?: string | undefined;
    'base-url'?: string | undefined;
    detail?: string | undefined;
  },
): Promise<Omit<ExtractOptions, 'signal'>> {
  const provider = providerArg(values.provider);
  const detail = detailArg(values.detail);
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !URL.canParse(baseUrl))
    throw usageError(`--base-url is not a URL: "${baseUrl}".`);
  const profile = await resolveProfile(app, io, values);
  return {
    profile,
    ...(provider ? { provider } : {}),
    ...(detail ? { detail } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(baseUrl ? { baseUrl } : {}),
  };
}
