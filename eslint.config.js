import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'coverage', 'bench/.cache'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layers (docs/ARCHITECTURE.md): main, cli and renderer -> app -> core -> shared. A file
    // imports only from its own layer and those to its right; the renderer and preload, which run
    // in Chromium, see shared alone.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            layer('src/shared', [
              'src/core',
              'src/app',
              'src/main',
              'src/cli',
              'src/preload',
              'src/renderer',
            ]),
            layer('src/core', ['src/app', 'src/main', 'src/cli', 'src/preload', 'src/renderer']),
            layer('src/app', ['src/main', 'src/cli', 'src/preload', 'src/renderer']),
            layer('src/cli', ['src/main', 'src/preload', 'src/renderer']),
            layer('src/main', ['src/cli', 'src/preload', 'src/renderer']),
            layer('src/preload', ['src/core', 'src/app', 'src/main', 'src/cli', 'src/renderer']),
            layer('src/renderer', ['src/core', 'src/app', 'src/main', 'src/cli', 'src/preload']),
          ],
        },
      ],
    },
  },
);

/** A zone of import-x/no-restricted-paths: files under `target` may not import from `from`. */
function layer(target, from) {
  return {
    target,
    from,
    message: `${target} may not import from this layer (main, cli, renderer -> app -> core -> shared; see docs/ARCHITECTURE.md).`,
  };
}
