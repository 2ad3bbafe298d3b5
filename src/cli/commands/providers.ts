import { PROVIDER_IDS } from '../../shared/result.ts';
import { usageError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { AppService } from '../../app/service.ts';
import { defaultModel } from '../../core/providers/registry.ts';
import { parse, providerArg } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { voice } from '../voice.ts';

const usage = message('cli.providersUsage');

export const PROVIDERS_OPTIONS = {
  provider: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
} as const;

export async function providersCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, PROVIDERS_OPTIONS);
  const [action = 'list', extra] = positionals;
  if (extra !== undefined) throw usageError('cli.unexpectedWord', { word: extra, usage });
  const settings = app.getSettings().provider;
  if (action === 'list') {
    const t = voice(io, app);
    for (const id of PROVIDER_IDS) {
      const mark = id === settings.id ? '*' : ' ';
      line(io.stdout, `${mark} ${t('cli.providerLine', { id, model: defaultModel(id) })}`);
    }
    return EXIT.ok;
  }
  if (action !== 'test') throw usageError('cli.unknownProvidersAction', { action, usage });
  const id = providerArg(values.provider) ?? settings.id;
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) throw usageError('cli.badBaseUrl', { value: baseUrl });
  const provider = await app.providerFor({ provider: id, ...(baseUrl ? { baseUrl } : {}) });
  const model = values.model ?? (id === settings.id ? settings.model : undefined) ?? provider.defaultModel;
  line(io.stdout, voice(io, app).say(await provider.check(model)));
  return EXIT.ok;
}
