import { spawn } from 'node:child_process';
import { usageError, userError } from '../../shared/errors.ts';
import { imageInfo } from '../imaging/prepare.ts';
import type { LoadedImage } from '../pipeline.ts';
import { encodedImage } from '../pipeline-ports.ts';

/** What a clipboard tool answered; `missing` when it is not installed. */
export type ToolRun = { missing: true } | { missing: false; code: number; stdout: Buffer; stderr: string };

/** Runs a program and collects its output (bytes: an image may be tens of megabytes). */
export type RunTool = (command: string, args: readonly string[]) => Promise<ToolRun>;

/** A clipboard owner that never answers would hang the read: xclip and wl-paste wait forever. */
const TOOL_TIMEOUT_MS = 10_000;

export const runTool: RunTool = (command, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve({ missing: true });
      else reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL')
        reject(
          userError('clipboard.toolTimeout', { tool: command, seconds: String(TOOL_TIMEOUT_MS / 1000) }),
        );
      else resolve({ missing: false, code: code ?? 1, stdout: Buffer.concat(out), stderr });
    });
  });

/** One way to read the clipboard: its program, the package that installs it, and the reading. */
interface ClipboardReader {
  tool: string;
  install: string;
  /** The image's bytes, null when the clipboard holds none, `missing` when the tool is not there. */
  read(run: RunTool): Promise<Buffer | null | 'missing'>;
}

/** Image types a clipboard may offer, best first: PNG is lossless and what screenshots copy as. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/tiff', 'image/gif', 'image/avif'];

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/**
 * X11 and Wayland tools: list what the clipboard offers, then ask for an image type among them.
 * Asking for image/png straight away is not enough: a clipboard holding text answers with the text.
 */
function listingReader(
  tool: string,
  install: string,
  args: { list: string[]; get: (type: string) => string[] },
): ClipboardReader {
  return {
    tool,
    install,
    async read(run) {
      const listed = await run(tool, args.list);
      if (listed.missing) return 'missing';
      // An empty clipboard (nothing was copied, or its owner quit) is a failed listing.
      if (listed.code !== 0) {
        if (/display|connect/i.test(listed.stderr))
          throw usageError('clipboard.displayUnopened', { tool, reason: firstLine(listed.stderr) });
        return null;
      }
      const offered = listed.stdout
        .toString()
        .split('\n')
        .map((t) => t.trim());
      const type = IMAGE_TYPES.find((t) => offered.includes(t));
      if (!type) return null;
      const got = await run(tool, args.get(type));
      if (got.missing) return 'missing';
      if (got.code !== 0) throw userError('clipboard.toolFailed', { tool, reason: firstLine(got.stderr) });
      return got.stdout;
    },
  };
}

const xclip = listingReader('xclip', 'xclip', {
  list: ['-selection', 'clipboard', '-t', 'TARGETS', '-o'],
  get: (type) => ['-selection', 'clipboard', '-t', type, '-o'],
});

const wlPaste = listingReader('wl-paste', 'wl-clipboard', {
  list: ['--list-types'],
  get: (type) => ['--no-newline', '--type', type],
});

/** AppleScript answers `«data PNGf89504E47…»`: the PNG's bytes in hexadecimal. */
const osascript: ClipboardReader = {
  tool: 'osascript',
  install: 'osascript',
  async read(run) {
    const got = await run('osascript', ['-e', 'the clipboard as «class PNGf»']);
    if (got.missing) return 'missing';
    // -1700: the clipboard cannot be made into a PNG (it holds text, or nothing).
    if (got.code !== 0) {
      if (got.stderr.includes('-1700')) return null;
      throw userError('clipboard.toolFailed', { tool: 'osascript', reason: firstLine(got.stderr) });
    }
    return macPng(got.stdout.toString());
  },
};

/** The PNG in osascript's answer, or null when it holds none. */
export function macPng(answer: string): Buffer | null {
  const hex = /PNGf([0-9A-Fa-f]+)/.exec(answer)?.[1];
  return hex && hex.length % 2 === 0 ? Buffer.from(hex, 'hex') : null;
}

/**
 * Windows PowerShell (5.1, in every Windows; PowerShell 7 has no -Format Image): the clipboard's
 * image saved as PNG, sent back as base64 text since PowerShell's pipeline rewrites binary output.
 */
const WINDOWS_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  'Add-Type -AssemblyName System.Drawing',
  '$image = Get-Clipboard -Format Image',
  'if ($null -eq $image) { exit 3 }',
  '$png = New-Object System.IO.MemoryStream',
  '$image.Save($png, [System.Drawing.Imaging.ImageFormat]::Png)',
  '[Convert]::ToBase64String($png.ToArray())',
].join('; ');

const powershell: ClipboardReader = {
  tool: 'powershell.exe',
  install: 'Windows PowerShell',
  async read(run) {
    const got = await run('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-STA',
      '-Command',
      WINDOWS_SCRIPT,
    ]);
    if (got.missing) return 'missing';
    if (got.code === 3) return null;
    if (got.code !== 0)
      throw userError('clipboard.toolFailed', { tool: 'PowerShell', reason: firstLine(got.stderr) });
    return Buffer.from(got.stdout.toString().trim(), 'base64');
  },
};

/** The readers for this system, best first; none where there is no desktop session. */
export function clipboardReaders(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): ClipboardReader[] {
  if (platform === 'darwin') return [osascript];
  if (platform === 'win32') return [powershell];
  // A Wayland session usually runs XWayland too: xclip then reads the same clipboard.
  return [...(env.WAYLAND_DISPLAY ? [wlPaste] : []), ...(env.DISPLAY ? [xclip] : [])];
}

/**
 * The image on the clipboard, as encoded bytes, read with the system's own tool (the CLI; the app
 * asks Electron). No image, no tool and no desktop session are each one sentence saying so.
 */
export async function readClipboard(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  run: RunTool = runTool,
): Promise<Buffer> {
  const readers = clipboardReaders(platform, env);
  if (readers.length === 0) throw usageError('clipboard.noDisplay');
  for (const reader of readers) {
    const data = await reader.read(run);
    if (data === 'missing') continue;
    if (data === null || data.length === 0) throw usageError('clipboard.noImage');
    return data;
  }
  const first = readers[0]!;
  throw usageError('clipboard.needsTool', { tool: first.tool, package: first.install });
}

/**
 * A clipboard image as the pipeline takes it. The clipboard cannot be read twice, so the pipeline
 * stores it before anything reads it (`pendingFirst`, on for every source but a file).
 */
export async function clipboardImage(data: Buffer): Promise<LoadedImage> {
  return encodedImage(data, await imageInfo(data), { kind: 'clipboard' });
}
