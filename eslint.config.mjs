// Layering is enforced here by the local `layers/imports` rule: each layer lists what it must not import (or, for the
// webview, all it may import). Relative imports are resolved against the importing file, so the rule sees the
// folder an import lands in however many `../` it takes; type-only imports, re-exports, `import()` and
// `import('…')` types count too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/** `entry` names `target` itself or something inside it (folders and packages by path segment, `node:` by prefix). */
const covers = (entry, target) =>
  entry.endsWith(':') ? target.startsWith(entry) : target === entry || target.startsWith(`${entry}/`);

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each layer to the imports it may have (see eslint.config.mjs).' },
    schema: [
      {
        type: 'object',
        properties: {
          deny: { type: 'array', items: { type: 'string' } },
          only: { type: 'array', items: { type: 'string' } },
          why: { type: 'string' },
        },
        required: ['why'],
        additionalProperties: false,
      },
    ],
    messages: { layer: "'{{source}}' ({{target}}): {{why}}" },
  },
  create(context) {
    const { deny = [], only, why } = context.options[0];
    const dir = path.dirname(context.filename);
    const check = (literal) => {
      if (!literal || typeof literal.value !== 'string') return;
      const source = literal.value;
      // Relative imports as repository paths without extension (`src/kube/kubeClient`), packages as written.
      const target = source.startsWith('.')
        ? path
            .relative(root, path.resolve(dir, source))
            .split(path.sep)
            .join('/')
            .replace(/\.(m|c)?[jt]s$/, '')
        : source;
      const denied = deny.some((e) => covers(e, target)) || (only && !only.some((e) => covers(e, target)));
      if (denied) context.report({ node: literal, messageId: 'layer', data: { source, target, why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => check(node.moduleReference.expression),
      TSImportType: (node) => check(node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

const layers = (options) => ({ 'layers/imports': ['error', options] });

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
  { plugins: { layers: { rules: { imports: importsRule } } } },
  {
    files: ['src/core/**'],
    rules: layers({
      deny: ['vscode', 'src/kube', 'src/host', 'src/demo', 'src/cli', 'src/shared', 'src/extension'],
      why: 'src/core is pure logic: it imports no other layer of src/ and never vscode.',
    }),
  },
  {
    files: ['src/kube/**'],
    rules: layers({
      deny: ['vscode', 'src/host', 'src/cli', 'src/demo', 'src/shared', 'src/extension'],
      why: 'src/kube is cluster access: of src/ it imports only src/core, and never vscode.',
    }),
  },
  {
    files: ['src/shared/**'],
    rules: layers({
      deny: ['vscode', 'node:', 'src/host', 'src/kube', 'src/demo', 'src/cli', 'src/extension'],
      why: 'src/shared goes into the webview bundle: it may import only pure src/core code.',
    }),
  },
  {
    files: ['src/demo/**', 'src/cli/**'],
    rules: layers({
      deny: ['vscode', 'src/host', 'src/extension'],
      why: 'The demo cluster and the CLI run without VS Code: they never import vscode, src/host or src/extension.ts.',
    }),
  },
  {
    files: ['webview/**'],
    rules: layers({
      only: ['webview', 'src/shared', '@vscode-elements'],
      why: 'The webview may import only its own files, src/shared and @vscode-elements; it talks to the host by postMessage.',
    }),
  },
  {
    files: ['src/**'],
    ignores: ['src/host/commandRegistry.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='registerCommand']",
          message: 'Register commands with CommandRegistry.register (an id from ids.ts, behind the error boundary).',
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
