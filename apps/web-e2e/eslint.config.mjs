import playwright from 'eslint-plugin-playwright';
import baseConfig from '../../eslint.config.mjs';

export default [
  playwright.configs['flat/recommended'],
  ...baseConfig,
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      // Journeys that check many pages assert inside these helpers.
      'playwright/expect-expect': ['warn', { assertFunctionNames: ['expect', 'checkEveryWidth'] }],
    },
  },
];
