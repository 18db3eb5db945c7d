// Lint: typescript-eslint's recommended rules, prettier for layout, and import zones that keep the
// dependency arrows of the house layout pointing one way (main → controllers → azure/drain/preflight → runtime).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';

const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'coverage/**', 'charts/**', 'deploy/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone(
              './src/api',
              [
                './src/runtime',
                './src/azure',
                './src/drain',
                './src/preflight',
                './src/controllers',
                './sim',
              ],
              'api imports nothing from the project',
            ),
            zone(
              './src/runtime',
              ['./src/api', './src/azure', './src/drain', './src/preflight', './src/controllers', './sim'],
              'runtime knows nothing of AKS',
            ),
            zone(
              './src/azure',
              ['./src/drain', './src/preflight', './src/controllers', './sim'],
              'azure imports only runtime and api',
            ),
            zone(
              './src/drain',
              ['./src/azure', './src/preflight', './src/controllers', './sim'],
              'drain imports only runtime and api',
            ),
            zone(
              './src/preflight',
              ['./src/azure', './src/drain', './src/controllers', './sim'],
              'preflight imports only runtime and api',
            ),
            zone(
              './sim',
              ['./src'],
              'the simulator stays apart from the operator so both cannot be wrong the same way',
            ),
            zone(
              './controlplane',
              ['./src', './sim'],
              'the control-plane launcher imports nothing from the project',
            ),
          ],
        },
      ],
    },
  },
);
