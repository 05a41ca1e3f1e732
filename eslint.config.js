const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '*.js', 'test/**/*.js', 'scripts/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
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
      'libs/interview/**/*.ts',
      'libs/survey/**/*.ts',
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
          ],
        },
      ],
    },
  },
);
