// ESLint's recommended rules for the web front end (`npm run lint`, `make lint`): browser
// globals for the page's modules under src/, node's for the build script and this file.
// ESLint reads the config beside each file it lints, so the unit tests in tests/web (run by
// `node --test`) have their own eslint.config.js, which takes `nodeFiles` from here.
import js from '@eslint/js';
import globals from 'globals';

const module = { ecmaVersion: 2022, sourceType: 'module' };

/** Recommended rules and node's globals for `files` (relative to the importing config). */
export const nodeFiles = (files) => [
  { ...js.configs.recommended, files },
  { files, languageOptions: { ...module, globals: globals.node } },
];

export default [
  { ignores: ['dist/'] },
  { ...js.configs.recommended, files: ['src/**/*.js'] },
  { files: ['src/**/*.js'], languageOptions: { ...module, globals: globals.browser } },
  // The layering: shared/ sits below the features and the router, so it imports neither.
  {
    files: ['src/shared/**/*.js'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/features/**', '**/router.js'],
                     message: 'shared/ is below the features: move the code down or invert it.' }],
      }],
    },
  },
  ...nodeFiles(['build.mjs', 'eslint.config.js']),
];
