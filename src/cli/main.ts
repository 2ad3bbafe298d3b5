import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UserError } from '../shared/errors.ts';
import { describeSettingsReport } from '../shared/settings-problems.ts';
import { AppService } from '../app/service.ts';
import { defaultDataHome } from '../core/paths.ts';
import { usePrivateUmask } from '../core/private-files.ts';
import { captureCommand, extractCommand } from './commands/extract.ts';
import { exportCommand, historyCommand, showCommand } from './commands/history.ts';
import { profilesCommand } from './commands/profiles.ts';
import { providersCommand } from './commands/providers.ts';
import { tokensCommand } from './commands/tokens.ts';
import { watchCommand } from './commands/watch.ts';
import { retryCommand } from './commands/retry.ts';
import { EXIT, line, type CliIo } from './io.ts';
import { voice } from './voice.ts';

const HELP = `extracto — pull the fields you define out of screenshots and documents, as JSON

Usage:
  extracto extract <image...> [--profile NAME | --fields SPEC] [--provider P] [--model M]
                   [--base-url URL] [--detail low|high|auto] [--timeout SECONDS] [--json]
                   [--concurrency N]
  extracto capture [--display ID] [--region x,y,w,h] [same options as extract]
  extracto watch (--interval 10s | --on-change [--interval 2s] [--threshold 0.5%]) [--region x,y,w,h]
                 [--max-per-hour N] [--max-cost-per-day USD] [--again] [--for 1h] [same options as extract]
  extracto retry [--all | <id...>] [--provider P] [--model M] [--base-url URL] [--profile NAME]
                 [--timeout SECONDS]
  extracto history [--limit N] [--search TEXT] [--profile NAME] [--status ok|failed|pending] [--json]
  extracto show <id>
  extracto export --format csv|json|jsonl|xlsx [--profile NAME] [--status S] [--out FILE]
  extracto tokens (<image> | --size WxH) [--provider P] [--model M] [--detail D]
  extracto profiles list | show NAME | add NAME --fields SPEC [--effort E] [--activate] | use NAME | remove NAME
  extracto providers list | test [--provider P] [--model M] [--base-url URL]

Fields: "invoice number, total:number, due:date" — types: text, number, currency, date,
email, phone, boolean, list. Providers: local (offline, the default), openai, anthropic,
openai-compatible (Ollama, LM Studio, vLLM). Keys: OPENAI_API_KEY, ANTHROPIC_API_KEY, from the
environment or a .env file in the working folder. Data lives in EXTRACTO_HOME (default: ${defaultDataHome()}).
Exit codes: 0 ok, 1 an extraction failed (its result and image are kept), 2 bad usage.
A result that could not reach its provider (offline, rate limited, no answer within --timeout:
120 s by default, 300 s for openai-compatible, retries included) is kept as pending and retried
by "extracto retry" or while "extracto watch" runs.`;

/** API keys from a .env file in the working folder; variables already set win. */
function loadDotEnv(io: CliIo): void {
  const file = path.join(io.cwd, '.env');
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) io.env[key] ??= value;
}

export async function main(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    line(command === undefined ? io.stderr : io.stdout, HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const commands = {
    extract: (app: AppService) => extractCommand(app, io, args, signal),
    capture: (app: AppService) => captureCommand(app, io, args, signal),
    history: (app: AppService) => historyCommand(app, io, args),
    show: (app: AppService) => showCommand(app, io, args),
    export: (app: AppService) => exportCommand(app, io, args),
    tokens: (app: AppService) => tokensCommand(app, io, args),
    profiles: (app: AppService) => profilesCommand(app, io, args),
    providers: (app: AppService) => providersCommand(app, io, args),
    watch: (app: AppService) => watchCommand(app, io, args, signal),
    retry: (app: AppService) => retryCommand(app, io, args, signal),
  };
  if (!Object.hasOwn(commands, command)) {
    line(io.stderr, voice(io)('cli.unknownCommand', { command }));
    return EXIT.usage;
  }
  // Everything written from here on (results, images, the log, the index, exports) is the user's alone.
  usePrivateUmask();
  loadDotEnv(io);
  let app: AppService | undefined;
  // What was wrong in settings.json (and what was done about it) is said once, on stderr.
  let said = 0;
  const sayProblems = () => {
    const reports = app?.settingsProblems() ?? [];
    const t = voice(io, app);
    for (const report of reports.slice(said))
      line(io.stderr, t('cli.warning', { report: describeSettingsReport(report, t) }));
    said = reports.length;
  };
  try {
    app = await AppService.open({ home: defaultDataHome(io.env), env: io.env });
    sayProblems();
    return await commands[command as keyof typeof commands](app);
  } catch (error) {
    if (error instanceof UserError) {
      line(io.stderr, voice(io, app).say(error.said));
      app?.logger.warn(`${command}: ${error.message}`, ...(error.cause === undefined ? [] : [error.cause]));
      return error.kind === 'usage' ? EXIT.usage : EXIT.failed;
    }
    app?.logger.error(`${command} failed`, error);
    line(
      io.stderr,
      voice(io, app)('cli.failedUnexpectedly', {
        command,
        reason: String((error as Error).message ?? error),
      }),
    );
    return EXIT.failed;
  } finally {
    sayProblems();
    await app?.close();
  }
}
