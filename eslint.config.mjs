// ESLint: typescript-eslint's recommended rules, plus a ban on locale-dependent comparisons,
// because the output must sort the same on every machine (see README, "Deterministic output").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const localeRule = {
  selector: "CallExpression[callee.property.name='localeCompare']",
  message: 'localeCompare depends on the locale: compare with byText (lib/policy/names.ts) instead.',
};
const intlRule = {
  selector: "MemberExpression[object.name='Intl'][property.name='Collator']",
  message: 'Intl.Collator depends on the locale: compare with byText (lib/policy/names.ts) instead.',
};
const localeCaseRule = {
  selector: 'CallExpression[callee.property.name=/^toLocale(Upper|Lower)Case$/]',
  message: 'Locale-dependent case mapping: use toLowerCase/toUpperCase.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'examples/**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      'no-restricted-syntax': ['error', localeRule, intlRule, localeCaseRule],
      // Untyped JSON is `unknown`, read through lib/config/json.ts (asRecord, asArray, isRecord).
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests poke at untyped JSON (rendered objects, mock inputs) and load modules lazily on purpose.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
