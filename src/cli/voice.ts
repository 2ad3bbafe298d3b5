import type { AppService } from '../app/service.ts';
import { translator, type Translate } from '../shared/messages/catalogue.ts';
import { pickLocale, systemLanguages } from '../shared/messages/locale.ts';
import type { CliIo } from './io.ts';

/**
 * The language the command speaks on stderr: the one Settings name, else the terminal's (LC_ALL,
 * LC_MESSAGES, LANG); the terminal's alone before the data home is open.
 */
export function voice(io: CliIo, app?: AppService): Translate {
  return translator(pickLocale(app?.getSettings().locale ?? 'auto', systemLanguages(io.env)));
}
