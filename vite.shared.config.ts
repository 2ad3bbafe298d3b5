import type { Plugin } from 'vite';

/** The pages' meta policy (src/renderer/index.html, overlay.html): its content attribute. */
const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/**
 * The policy a page gets under Vite's dev server: the strict one, plus what the dev server itself
 * adds to the page — React's refresh preamble (an inline script), the <style> tag Vite's client
 * injects for each CSS import, and the client's HMR websocket (on the page's own host and port,
 * which 'self' covers). A directive the page leaves to default-src starts from it.
 */
export function devServerPolicy(policy: string): string {
  const directives = new Map<string, string[]>();
  for (const directive of policy.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  const allow = (name: string, ...sources: string[]) => {
    const current = (directives.get(name) ?? directives.get('default-src') ?? []).filter(
      (s) => s !== "'none'",
    );
    directives.set(name, [...new Set([...current, ...sources])]);
  };
  allow('script-src', "'self'", "'unsafe-inline'");
  allow('style-src', "'self'", "'unsafe-inline'");
  allow('connect-src', "'self'");
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/**
 * The renderer's pages under Vite's dev server — `npm start` (electron-vite dev, whose renderer
 * section uses this) and `npm run dev:renderer` (vite.renderer.config.ts) — with their meta CSP
 * relaxed as devServerPolicy says. A meta policy cannot be loosened by a response header (both
 * are enforced), so it is rewritten here; `vite build` never runs this, and the built app keeps
 * the strict policy written in the HTML.
 */
export function devServerCsp(): Plugin {
  return {
    name: 'extracto-dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        CSP_META,
        (_meta, open: string, policy: string, close: string) => open + devServerPolicy(policy) + close,
      );
    },
  };
}
