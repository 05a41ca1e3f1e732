const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', '.bench-build/**', 'node_modules/**', 'coverage/**', '.data/**', '*.js', 'test/**/*.js', 'scripts/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Libraries never reach into an application (docs/architecture.md, "Boundaries").
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'A library imports no application code.' }] }],
    },
  },
  {
    // The domain stays free of frameworks and database clients (docs/architecture.md).
    files: [
      'libs/petition/**/*.ts',
      'libs/calendar/**/*.ts',
      'libs/redaction/**/*.ts',
      'libs/scoring/**/*.ts',
      'libs/consultation/**/*.ts',
      'libs/platform-events/**/*.ts',
      'libs/domain-kernel/**/*.ts',
      'libs/interview/**/*.ts',
      'libs/survey/**/*.ts',
      // The store boundary too: its codecs are plain classes; Nest provides them from @wenzheng/command-runner.
      'libs/petition-store/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', '@eventstore/*', 'express', 'class-validator', 'class-transformer'],
              message: 'The domain imports no framework or database client.',
            },
            // This rule replaces the libraries' one above for these files: say it again.
            { group: ['**/apps/**'], message: 'A library imports no application code.' },
          ],
        },
      ],
    },
  },
  {
    // The worker, projector and bench reach the API's code through libraries only (docs/architecture.md).
    files: ['apps/worker/**/*.ts', 'apps/projector/**/*.ts', 'apps/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/api/src/**'], message: 'Import it from a @wenzheng/* library.' }] }],
    },
  },
);
