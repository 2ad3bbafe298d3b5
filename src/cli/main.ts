import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UserError } from '../shared/errors.ts';
import { describeSettingsReport } from '../shared/settings-problems.ts';
import { AppService } from '../app/service.ts';
import { defaultDataHome } from '../core/paths.ts';
import { usePrivateUmask } from '../core/private-files.ts';
import { bashCompletion, COMMANDS, isCommand, type CommandName } from './commands/table.ts';
import { EXIT, line, type CliIo } from './io.ts';
import { voice } from './voice.ts';
import type { Translate } from '../shared/messages/catalogue.ts';

function help(t: Translate): string {
  const usage = Object.values(COMMANDS).map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}`);
  return [
    t('help.about'),
    '',
    t('help.usage'),
    ...usage,
    '  extracto help <command> | <command> --help | --version | completion',
    '',
    t('help.notes', { home: defaultDataHome() }),
  ].join('\n');
}

function commandHelp(t: Translate, name: CommandName): string {
  const { about, usage } = COMMANDS[name];
  return `${t(about)}\n\n${t('help.usage')}\n  ${usage.replace(/\n/g, '\n  ')}\n\n${t('help.seeAll')}`;
}

/** The version in package.json (the CLI runs from the source tree: there is nothing to stamp). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** API keys from a .env file in the working folder; variables already set win. */
function loadDotEnv(io: CliIo): void {
  const file = path.join(io.cwd, '.env');
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) io.env[key] ??= value;
}

export async function main(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const about = args[0];
    if (command === 'help' && about !== undefined) {
      if (!isCommand(about)) {
        line(io.stderr, voice(io)('cli.unknownCommand', { command: about }));
        return EXIT.usage;
      }
      line(io.stdout, commandHelp(voice(io), about));
      return EXIT.ok;
    }
    line(command === undefined ? io.stderr : io.stdout, help(voice(io)));
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    line(io.stdout, `extracto ${version()}`);
    return EXIT.ok;
  }
  if (command === 'completion') {
    io.stdout.write(bashCompletion());
    return EXIT.ok;
  }
  if (!isCommand(command)) {
    line(io.stderr, voice(io)('cli.unknownCommand', { command }));
    return EXIT.usage;
  }
  // `extracto watch --help`: the usage of that command, without opening the data home.
  if (args.includes('--help') || args.includes('-h')) {
    line(io.stdout, commandHelp(voice(io), command));
    return EXIT.ok;
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
    return await COMMANDS[command].run(app, io, args, signal);
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
