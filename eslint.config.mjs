// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// Pure folders: the policy engine and email rendering must not reach for the framework, the ORM, the queue or the mailer.
const frameworkImports = {
  patterns: [
    { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'bullmq', 'ioredis', 'nodemailer', 'pg'], message: 'Pure code: no framework, ORM, queue or mail imports here.' },
  ],
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
    files: ['src/policy/**/*.ts', 'src/email/**/*.ts', 'src/digests/compose/**/*.ts', 'src/ingestion/vendors/**/*.adapter.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
);
