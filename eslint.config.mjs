// @ts-check
import eslint from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// Pure folders: the policy engine and email rendering must not reach for the framework, the ORM, the queue or the mailer.
const frameworkImports = {
  patterns: [
    { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'bullmq', 'ioredis', 'nodemailer', 'pg'], message: 'Pure code: no framework, ORM, queue or mail imports here.' },
  ],
};

// The layers of src/ (docs/architecture.md): each folder may import only the folders listed for it.
// Anything not listed is refused, so the folder graph stays acyclic and the direction holds.
const layers = {
  canonical: [],
  policy: ['canonical'],
  config: ['canonical', 'policy'],
  infra: ['canonical', 'config'],
  email: ['canonical', 'policy'],
  pipeline: ['canonical', 'policy', 'config', 'infra'],
  notifications: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'email'],
  attention: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications'],
  ingestion: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications'],
  digests: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications', 'attention', 'email'],
  app: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications', 'attention', 'ingestion', 'digests', 'email'],
  backtest: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications', 'attention', 'ingestion', 'email', 'app'],
  demo: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications', 'attention', 'ingestion', 'digests', 'email', 'app', 'backtest'],
  cli: ['canonical', 'policy', 'config', 'infra', 'pipeline', 'notifications', 'attention', 'ingestion', 'digests', 'email', 'app', 'backtest', 'demo'],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'dist-check/**', 'node_modules/**', 'var/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/policy/**/*.ts', 'src/canonical/**/*.ts', 'src/email/**/*.ts', 'src/digests/compose/**/*.ts', 'src/ingestion/vendors/**/*.adapter.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      // The entrypoints (src/*.ts) sit above every layer; every file in a folder must belong to a layer.
      'boundaries/include': ['src/*/**/*.ts'],
      'boundaries/elements': Object.keys(layers).map((layer) => ({ type: layer, pattern: `src/${layer}` })),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.type}}/ may not import {{to.type}}/ (docs/architecture.md, "Layers")',
          policies: Object.entries(layers).map(([layer, allowed]) => ({
            from: { element: { type: layer } },
            allow: { to: { element: { types: { anyOf: [layer, ...allowed] } } } },
          })),
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
);
