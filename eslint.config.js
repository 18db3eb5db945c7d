// Lint: typescript-eslint's recommended rules, prettier for layout, and import zones that keep the
// dependency arrows of the house layout pointing one way (main → controllers → azure/drain/preflight/cost → runtime).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Forbids imports whose path names any of the given project folders. */
const zone = (files, folders, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]), message }] },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.cache/**',
      '.local/**',
      'coverage/**',
      'charts/**',
      'deploy/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  zone(
    ['src/api/**'],
    ['runtime', 'azure', 'drain', 'preflight', 'controllers', 'sim'],
    'api imports nothing from the project',
  ),
  zone(
    ['src/runtime/**'],
    ['api', 'azure', 'drain', 'preflight', 'controllers', 'sim'],
    'runtime knows nothing of AKS',
  ),
  zone(['src/azure/**'], ['drain', 'preflight', 'controllers', 'sim'], 'azure imports only runtime and api'),
  zone(['src/drain/**'], ['azure', 'preflight', 'controllers', 'sim'], 'drain imports only runtime and api'),
  zone(
    ['src/preflight/**'],
    ['azure', 'drain', 'controllers', 'sim'],
    'preflight imports only runtime and api',
  ),
  zone(
    ['src/cost/**'],
    ['azure', 'drain', 'preflight', 'controllers', 'sim'],
    'cost imports only runtime and api',
  ),
  zone(
    ['sim/**'],
    ['src'],
    'the simulator stays apart from the operator so both cannot be wrong the same way',
  ),
  zone(['controlplane/**'], ['src', 'sim'], 'the control-plane launcher imports nothing from the project'),
);
