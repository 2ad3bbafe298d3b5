import type { ParseArgsConfig } from 'node:util';
import type { MessageCode } from '../../shared/messages/catalogue.ts';
import type { AppService } from '../../app/service.ts';
import type { CliIo } from '../io.ts';
import { CAPTURE_OPTIONS, captureCommand, EXTRACT_OPTIONS, extractCommand } from './extract.ts';
import {
  EXPORT_OPTIONS,
  exportCommand,
  HISTORY_OPTIONS,
  historyCommand,
  SHOW_OPTIONS,
  showCommand,
} from './history.ts';
import { PROFILES_OPTIONS, profilesCommand } from './profiles.ts';
import { PROVIDERS_OPTIONS, providersCommand } from './providers.ts';
import { RETRY_OPTIONS, retryCommand } from './retry.ts';
import { TOKENS_OPTIONS, tokensCommand } from './tokens.ts';
import { WATCH_OPTIONS, watchCommand } from './watch.ts';

/**
 * Every command once: what it does, its usage lines, the options its parser takes and how it runs.
 * `extracto help`, `extracto <command> --help`, the shell completion and the dispatch read this
 * table, so none of them can list an option the command does not take.
 */
export interface Command {
  /** What it does, a code of the catalogue (said in the terminal's language). */
  about: MessageCode;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run: (app: AppService, io: CliIo, args: string[], signal: AbortSignal) => Promise<number>;
}

export const COMMANDS = {
  extract: {
    about: 'help.extract',
    usage: `extracto extract [<image|pdf|folder>...] [--recursive] [--pages 1-3] [--clipboard]
                 [--profile NAME | --fields SPEC] [--provider P] [--model M] [--base-url URL]
                 [--detail low|high|auto] [--timeout SECONDS] [--json] [--concurrency N]`,
    options: EXTRACT_OPTIONS,
    run: extractCommand,
  },
  capture: {
    about: 'help.capture',
    usage: 'extracto capture [--display ID] [--region x,y,w,h] [same options as extract]',
    options: CAPTURE_OPTIONS,
    run: captureCommand,
  },
  watch: {
    about: 'help.watch',
    usage: `extracto watch (--interval 10s | --on-change [--interval 2s] [--threshold 0.5%]) [--display ID]
               [--region x,y,w,h] [--max-per-hour N] [--max-cost-per-day USD] [--again] [--for 1h]
               [same options as extract]`,
    options: WATCH_OPTIONS,
    run: watchCommand,
  },
  retry: {
    about: 'help.retry',
    usage: `extracto retry [--all | <id...>] [--provider P] [--model M] [--base-url URL] [--profile NAME]
               [--detail low|high|auto] [--timeout SECONDS] [--json]`,
    options: RETRY_OPTIONS,
    run: retryCommand,
  },
  history: {
    about: 'help.history',
    usage:
      'extracto history [--limit N] [--search TEXT] [--profile NAME] [--status ok|failed|pending] [--review] [--sort time|status|FIELD [--desc]] [--json]',
    options: HISTORY_OPTIONS,
    run: (app, io, args) => historyCommand(app, io, args),
  },
  show: {
    about: 'help.show',
    usage: 'extracto show <id>',
    options: SHOW_OPTIONS,
    run: (app, io, args) => showCommand(app, io, args),
  },
  export: {
    about: 'help.export',
    usage:
      'extracto export --format csv|json|jsonl|xlsx [--profile NAME] [--status S] [--review] [--search TEXT] [--from DATE] [--to DATE] [--rows TABLE] [--with KEYS] [--sort time|status|FIELD [--desc]] [--out FILE]',
    options: EXPORT_OPTIONS,
    run: (app, io, args) => exportCommand(app, io, args),
  },
  tokens: {
    about: 'help.tokens',
    usage: 'extracto tokens (<image> | --size WxH) [--provider P] [--model M] [--detail D] [--json]',
    options: TOKENS_OPTIONS,
    run: (app, io, args) => tokensCommand(app, io, args),
  },
  profiles: {
    about: 'help.profiles',
    usage:
      'extracto profiles list [--json] | show NAME | add NAME --fields SPEC [--effort E] [--activate] | use NAME | remove NAME',
    options: PROFILES_OPTIONS,
    run: (app, io, args) => profilesCommand(app, io, args),
  },
  providers: {
    about: 'help.providers',
    usage: 'extracto providers list | test [--provider P] [--model M] [--base-url URL]',
    options: PROVIDERS_OPTIONS,
    run: (app, io, args) => providersCommand(app, io, args),
  },
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/**
 * A bash completion script (zsh: `autoload bashcompinit && bashcompinit` first): command names,
 * then each command's options, then file names.
 */
export function bashCompletion(): string {
  const names = [...Object.keys(COMMANDS), 'help', 'completion'].join(' ');
  const cases = Object.entries(COMMANDS)
    .map(([name, command]) => {
      const flags = [...Object.keys(command.options).map((o) => `--${o}`), '--help'].join(' ');
      return `    ${name}) opts="${flags}" ;;`;
    })
    .join('\n');
  return `# extracto completion for bash. Load it with: source <(extracto completion)
_extracto() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${names} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    help) COMPREPLY=($(compgen -W "${Object.keys(COMMANDS).join(' ')}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _extracto extracto
`;
}
