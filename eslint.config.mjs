// Layering is enforced here: src/core and src/kube (and the demo cluster and CLI) never import 'vscode';
// the webview never imports host or node code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'vscode', message: 'Only src/host and src/extension.ts may import vscode.' }] },
  ],
};

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'require',
    '__filename',
    '__dirname',
    'URL',
    'URLSearchParams',
    'fetch',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'Buffer',
    'AbortController',
    'TextDecoder',
    'TextEncoder',
  ].map((g) => [g, 'readonly']),
);
nodeGlobals.module = 'writable';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'test-results/**',
      'out/**',
      '*.vsix',
      '.scratch/**',
      '.demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['src/core/**', 'src/kube/**', 'src/demo/**', 'src/cli/**', 'src/shared/**'], rules: noVscode },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview talks to the host only by postMessage.' }],
          patterns: [
            {
              group: ['**/host/**', '**/kube/**', '**/demo/**', 'node:*'],
              message: 'The webview may import only src/shared and pure core types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**/*.js', 'test/**/*.js'],
    languageOptions: { globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
