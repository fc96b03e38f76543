// Lint with the house's import boundaries (DESIGN.md):
// common imports neither backend nor frontend (nor React nor AWS); frontend never imports backend
// or @aws-sdk; only src/backend/aws imports @aws-sdk.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noAwsSdk = { group: ['@aws-sdk/*'], message: 'Only src/backend/aws may import the AWS SDK.' };
const noBackend = {
  group: ['**/backend', '**/backend/**', '@backstage/backend-*', '@backstage/plugin-*-node'],
  message: 'Frontend and common code must not import backend code.',
};
const noFrontend = {
  group: ['**/frontend', '**/frontend/**', 'react', 'react-dom', '@mui/*', '@backstage/core-*'],
  message: 'Common code must not import frontend code or React.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/common/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noAwsSdk, noBackend, noFrontend] }] },
  },
  {
    files: ['src/frontend/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noAwsSdk, noBackend] }],
    },
  },
  {
    files: ['src/backend/**'],
    ignores: ['src/backend/aws/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noAwsSdk, { group: ['**/frontend', '**/frontend/**'], message: 'Backend code must not import frontend code.' }] }] },
  },
  {
    files: ['src/backend/aws/**', 'dev/**', 'test/**', 'bench/**', 'scripts/**'],
    languageOptions: { globals: { ...globals.node } },
  },
);
