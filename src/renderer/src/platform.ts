/**
 * The platform the window runs on, named as process.platform names it, read from the user agent:
 * the sandboxed renderer has no `process`. It picks the key symbols and the default shortcuts
 * (displayAccelerator, effectiveHotkeys), where only macOS differs.
 */
export const PLATFORM: 'darwin' | 'win32' | 'linux' = /Mac/.test(navigator.userAgent)
  ? 'darwin'
  : /Windows/.test(navigator.userAgent)
    ? 'win32'
    : 'linux';

export const MAC = PLATFORM === 'darwin';
