import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { COMMANDS, type CommandName } from '../../src/cli/commands/table.ts';
import { REPO, runCli, tempHome } from '../helpers/cli.ts';
import { pngHeader } from '../helpers/png.ts';

const FIELDS_101 = Array.from({ length: 101 }, (_, i) => `field ${i}`).join(', ');

// Every bad input gets one sentence on stderr and exit 2, no stack trace, and nothing is extracted.
describe('extracto with bad input', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let png: string;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    png = path.join(home, 'blank.png');
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#fff' } })
      .png()
      .toFile(png);
    await writeFile(path.join(home, 'empty.png'), '');
    await writeFile(path.join(home, 'notes.txt'), 'not an image at all');
    await writeFile(path.join(home, 'huge.png'), pngHeader(20_000, 20_000));
    await symlink('loop-b.png', path.join(home, 'loop-a.png'));
    await symlink('loop-a.png', path.join(home, 'loop-b.png'));
    await symlink('gone.png', path.join(home, 'dangling.png'));
  });
  afterAll(() => cleanup());

  const cases: [string, string[], RegExp][] = [
    ['a missing file', ['extract', 'nope.jpg', '--fields', 'total'], /nope\.jpg does not exist/],
    ['a 0-byte file', ['extract', 'empty.png', '--fields', 'total'], /empty\.png is empty \(0 bytes\)/],
    [
      'a file that is not an image',
      ['extract', 'notes.txt', '--fields', 'total'],
      /notes\.txt is not an image/,
    ],
    [
      'an unknown field type',
      ['extract', 'blank.png', '--fields', 'total:money'],
      /Unknown field type "money"/,
    ],
    ['no image at all', ['extract', '--fields', 'total'], /Name at least one image/],
    [
      'a symbolic link loop',
      ['extract', 'loop-a.png', '--fields', 'total'],
      /loop-a\.png is a symbolic link that cannot be resolved: it loops back on itself/,
    ],
    [
      'a symbolic link to nothing',
      ['extract', 'dangling.png', '--fields', 'total'],
      /dangling\.png is a symbolic link to gone\.png, which does not exist\.$/m,
    ],
    [
      'an image over the pixel limit',
      ['extract', 'huge.png', '--fields', 'total'],
      /huge\.png is 20000×20000 pixels \(400 MP\), over the 268 MP Extracto reads; scale it down or crop it first\.$/m,
    ],
    [
      'more fields than a profile holds',
      ['extract', 'blank.png', '--fields', FIELDS_101],
      /^A profile can have at most 100 fields, and this one has 101: split it into several profiles\.$/m,
    ],
    [
      'a profile saved with more fields than it holds',
      ['profiles', 'add', 'Big', '--fields', FIELDS_101],
      /^A profile can have at most 100 fields, and this one has 101/,
    ],
    [
      'a timeout that is no number of seconds',
      ['extract', 'blank.png', '--fields', 'total', '--timeout', '0'],
      /--timeout must be a number of seconds above 0 and at most 3600 \(such as 30, or 2m\), not "0"\./,
    ],
    [
      'a bad region',
      ['capture', '--region', '10,10,0,5', '--fields', 'total'],
      /--region must be x,y,width,height/,
    ],
    [
      'a region that is not numbers',
      ['capture', '--region', 'a,b,c,d', '--fields', 'total'],
      /--region must be/,
    ],
    [
      'both --profile and --fields',
      ['extract', 'blank.png', '--profile', 'x', '--fields', 'total'],
      /either --profile or --fields/,
    ],
    ['an unknown profile', ['extract', 'blank.png', '--profile', 'ghost'], /no profile named "ghost"/],
    [
      'an unknown provider',
      ['extract', 'blank.png', '--fields', 'total', '--provider', 'acme'],
      /Unknown provider "acme"/,
    ],
    [
      'an unknown detail',
      ['extract', 'blank.png', '--fields', 'total', '--detail', 'ultra'],
      /Unknown detail "ultra"/,
    ],
    ['an unknown option', ['extract', 'blank.png', '--feilds', 'total'], /Unknown option '--feilds'/],
    [
      'a bad concurrency',
      ['extract', 'blank.png', '--fields', 'total', '--concurrency', '0'],
      /--concurrency must be/,
    ],
    ['a bad size', ['tokens', '--size', '1920by1080'], /--size must look like 1920x1080/],
    ['an unknown command', ['extrakt', 'x.png'], /Unknown command "extrakt"/],
    ['an unknown export format', ['export', '--format', 'pdf'], /format/i],
    [
      'no profile and no terminal',
      ['extract', 'blank.png'],
      /No profile yet: say what to extract with --fields/,
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli(args, { home });
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  // The same mistakes in the language of the terminal: the sentence comes from the catalogue by its
  // code, with the same parameters, and nothing else changes (one line, exit 2).
  const spanish: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['extract', 'nope.jpg', '--fields', 'total'],
      /^El archivo \S*nope\.jpg no existe\.$/m,
    ],
    [
      'a symbolic link to nothing',
      ['extract', 'dangling.png', '--fields', 'total'],
      /dangling\.png es un enlace simbólico a gone\.png, que no existe\.$/m,
    ],
    [
      'an unknown option',
      ['extract', 'blank.png', '--feilds', 'total'],
      /^Opción desconocida «--feilds»\.$/m,
    ],
    [
      'more fields than a profile holds',
      ['extract', 'blank.png', '--fields', FIELDS_101],
      /^Un perfil puede tener como máximo 100 campos, y este tiene 101: divídelo en varios perfiles\.$/m,
    ],
    [
      'an unknown command',
      ['extrakt', 'x.png'],
      /^Orden desconocida «extrakt»\. Ejecuta «extracto help» para ver la lista\.$/m,
    ],
  ];

  it.each(spanish)('%s, in Spanish when the terminal speaks it (LANG)', async (_name, args, message) => {
    const run = await runCli(args, { home, env: { LANG: 'es_ES.UTF-8' } });
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('speaks the language Settings name, whatever the terminal speaks', async () => {
    const own = await tempHome();
    try {
      const app = await AppService.open({ home: own.home, env: {} });
      await app.saveSettings({ ...app.getSettings(), locale: 'es' });
      await app.close();
      const run = await runCli(['extract', 'nope.jpg', '--fields', 'total'], {
        home: own.home,
        env: { LANG: 'en_US.UTF-8' },
      });
      expect(run.stderr).toMatch(/^El archivo \S*nope\.jpg no existe\.$/m);
      expect(run.code).toBe(2);
    } finally {
      await own.cleanup();
    }
  });

  it('prints help with the commands and exits 0', async () => {
    const run = await runCli(['help'], { home });
    expect(run.code).toBe(0);
    for (const command of ['extract', 'capture', 'history', 'export', 'tokens', 'profiles']) {
      expect(run.stdout).toContain(`extracto ${command}`);
    }
  });

  it('answers --help for each command with its usage, --version and a bash completion', async () => {
    for (const command of Object.keys(COMMANDS) as CommandName[]) {
      const run = await runCli([command, '--help'], { home });
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toContain(`extracto ${command}`);
      // Every option the command's parser takes is in its usage line ("same options as extract"
      // stands for extract's; retry takes --fields only to say it wants --profile).
      const { usage, options } = COMMANDS[command];
      for (const option of Object.keys(options)) {
        const inherited = usage.includes('same options as extract') && option in COMMANDS.extract.options;
        if (inherited || (command === 'retry' && option === 'fields')) continue;
        expect(usage, `${command} --${option}`).toContain(`--${option}`);
      }
    }
    expect((await runCli(['help', 'watch'], { home })).stdout).toContain('--on-change');
    // What a command does is said in the terminal's language; its syntax is typed the same in all.
    const spanish = await runCli(['watch', '--help'], { home, env: { LANG: 'es_ES.UTF-8' } });
    expect(spanish.stdout).toContain(
      'Captura automáticamente, cada cierto tiempo o cuando cambia la pantalla',
    );
    expect(spanish.stdout).toContain('Uso:\n  extracto watch (--interval 10s | --on-change');
    const version = await runCli(['--version'], { home });
    expect(version.stdout.trim()).toBe(
      `extracto ${JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}`,
    );

    const script = (await runCli(['completion'], { home })).stdout;
    const complete = (words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _extracto; echo "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete(['extracto', 'wa'])).toBe('watch');
    expect(complete(['extracto', 'watch', '--on'])).toBe('--on-change');
    expect(complete(['extracto', 'export', '--fo'])).toBe('--format');
  });

  it('manages profiles in settings.json', async () => {
    expect(
      (await runCli(['profiles', 'add', 'Invoices', '--fields', 'invoice number, total:number'], { home }))
        .code,
    ).toBe(0);
    const list = await runCli(['profiles', 'list'], { home });
    expect(list.stdout).toContain('* Invoices\tinvoice number, total:number');
    const show = await runCli(['profiles', 'show', 'invoices'], { home });
    expect(JSON.parse(show.stdout).fields[0]).toMatchObject({ key: 'invoice_number', type: 'text' });
    expect((await runCli(['profiles', 'add', 'Receipts', '--fields', 'total:number'], { home })).code).toBe(
      0,
    );
    expect((await runCli(['profiles', 'use', 'Receipts'], { home })).stderr).toContain(
      '"Receipts" is now the active profile',
    );
    expect((await runCli(['profiles', 'remove', 'Receipts'], { home })).code).toBe(0);
    expect((await runCli(['profiles', 'list'], { home })).stdout).toBe(
      '* Invoices\tinvoice number, total:number\n',
    );
    expect((await runCli(['profiles', 'remove', 'Nobody'], { home })).code).toBe(2);
    const hard = await runCli(['profiles', 'add', 'Hard', '--fields', 'total:number', '--effort', 'high'], {
      home,
    });
    expect(hard.code).toBe(0);
    expect(JSON.parse((await runCli(['profiles', 'show', 'Hard'], { home })).stdout).effort).toBe('high');
    const bad = await runCli(['profiles', 'add', 'Bad', '--fields', 'total', '--effort', 'huge'], { home });
    expect(bad.stderr).toMatch(/Unknown effort "huge": use one of none, minimal/);
  });
});
