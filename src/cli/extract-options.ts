import { usageError } from '../shared/errors.ts';
import type { AppService, ExtractOptions } from '../app/service.ts';
import { detailArg, providerArg } from './args.ts';
import type { CliIo } from './io.ts';
import { resolveProfile } from './profile-arg.ts';

type ProviderValues = {
  provider?: string | undefined;
  model?: string | undefined;
  'base-url'?: string | undefined;
  detail?: string | undefined;
};

/** --provider, --model, --base-url and --detail, checked: what every command that calls a model takes. */
export function providerOptionsFrom(
  values: ProviderValues,
): Pick<ExtractOptions, 'provider' | 'model' | 'baseUrl' | 'detail'> {
  const provider = providerArg(values.provider);
  const detail = detailArg(values.detail);
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !URL.canParse(baseUrl))
    throw usageError(`--base-url is not a URL: "${baseUrl}".`);
  return {
    ...(provider ? { provider } : {}),
    ...(detail ? { detail } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(baseUrl ? { baseUrl } : {}),
  };
}

/** The provider, model and profile options every extracting command shares. */
export async function extractOptionsFrom(
  app: AppService,
  io: CliIo,
  values: ProviderValues & { profile?: string | undefined; fields?: string | undefined },
): Promise<Omit<ExtractOptions, 'signal'>> {
  const connection = providerOptionsFrom(values);
  return { profile: await resolveProfile(app, io, values), ...connection };
}
