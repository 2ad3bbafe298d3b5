import { usageError } from '../shared/errors.ts';
import { parseProfile } from '../shared/field.ts';
import type { AppService, ExtractOptions } from '../app/service.ts';
import { detailArg, providerArg, timeoutArg } from './args.ts';
import type { CliIo } from './io.ts';
import { resolveProfile } from './profile-arg.ts';

type ProviderValues = {
  provider?: string | undefined;
  model?: string | undefined;
  'base-url'?: string | undefined;
  detail?: string | undefined;
  timeout?: string | undefined;
};

/**
 * --provider, --model, --base-url, --detail and --timeout, checked: what every command that calls
 * a model takes (extract, capture, watch, retry).
 */
export function providerOptionsFrom(
  values: ProviderValues,
): Pick<ExtractOptions, 'provider' | 'model' | 'baseUrl' | 'detail' | 'timeoutSeconds'> {
  const provider = providerArg(values.provider);
  const detail = detailArg(values.detail);
  const timeoutSeconds = timeoutArg(values.timeout);
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) throw usageError('cli.badBaseUrl', { value: baseUrl });
  return {
    ...(provider ? { provider } : {}),
    ...(detail ? { detail } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/** The provider, model and profile options every extracting command shares. */
export async function extractOptionsFrom(
  app: AppService,
  io: CliIo,
  values: ProviderValues & { profile?: string | undefined; fields?: string | undefined },
): Promise<Omit<ExtractOptions, 'signal'>> {
  const connection = providerOptionsFrom(values);
  const profile = await resolveProfile(app, io, values);
  // --fields is a profile typed here: the same checks as a saved one (the field limit, patterns).
  return { profile: values.fields === undefined ? profile : parseProfile(profile), ...connection };
}
