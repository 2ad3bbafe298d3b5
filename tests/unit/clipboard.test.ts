import { describe, expect, it } from 'vitest';
import { clipboardReaders, macPng, readClipboard, type RunTool } from '../../src/core/capture/clipboard.ts';

/**
 * The macOS and Windows readers cannot run on this Linux machine: these pin what they make of
 * their tool's answers (the X11 reader runs for real under Xvfb in cli-inputs.test.ts).
 */
describe('reading the clipboard on each system', () => {
  const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

  /** Answers as the tool would; records what was asked. */
  function tool(answer: Awaited<ReturnType<RunTool>>) {
    const asked: string[] = [];
    const run: RunTool = (command, args) => {
      asked.push([command, ...args].join(' '));
      return Promise.resolve(answer);
    };
    return { asked, run };
  }

  it('picks the tool for the session: wl-paste on Wayland (xclip too under XWayland), xclip on X11', () => {
    const tools = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv) =>
      clipboardReaders(platform, env).map((r) => r.tool);
    expect(tools('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' })).toEqual(['wl-paste', 'xclip']);
    expect(tools('linux', { DISPLAY: ':0' })).toEqual(['xclip']);
    expect(tools('linux', {})).toEqual([]);
    expect(tools('darwin', {})).toEqual(['osascript']);
    expect(tools('win32', {})).toEqual(['powershell.exe']);
  });

  it("macOS: takes the PNG out of osascript's «data PNGf…» answer; error -1700 is no image", async () => {
    expect(macPng('«data PNGf89504E470D0A1A0A»\n')).toEqual(PNG);
    expect(macPng('')).toBeNull();
    const { asked, run } = tool({
      missing: false,
      code: 0,
      stdout: Buffer.from('«data PNGf89504E470D0A1A0A»\n'),
      stderr: '',
    });
    expect(await readClipboard('darwin', {}, run)).toEqual(PNG);
    expect(asked).toEqual(['osascript -e the clipboard as «class PNGf»']);
    const text = tool({
      missing: false,
      code: 1,
      stdout: Buffer.alloc(0),
      stderr: "execution error: Can't make some data into the expected type. (-1700)\n",
    });
    await expect(readClipboard('darwin', {}, text.run)).rejects.toThrow('There is no image on the clipboard');
  });

  it("Windows: PowerShell's base64 PNG; exit 3 is no image; no PowerShell is said", async () => {
    const ok = tool({
      missing: false,
      code: 0,
      stdout: Buffer.from(`${PNG.toString('base64')}\r\n`),
      stderr: '',
    });
    expect(await readClipboard('win32', {}, ok.run)).toEqual(PNG);
    expect(ok.asked[0]).toMatch(
      /^powershell\.exe -NoProfile -NonInteractive -STA -Command .*Get-Clipboard -Format Image/,
    );
    const empty = tool({ missing: false, code: 3, stdout: Buffer.alloc(0), stderr: '' });
    await expect(readClipboard('win32', {}, empty.run)).rejects.toThrow('There is no image on the clipboard');
    const none = tool({ missing: true });
    await expect(readClipboard('win32', {}, none.run)).rejects.toThrow(
      'Reading the clipboard needs powershell.exe, which is not installed here: install Windows PowerShell.',
    );
  });
});
