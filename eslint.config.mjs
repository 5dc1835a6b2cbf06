// Lint: TypeScript rules plus architecture rules. Nx module boundaries make the layering real:
// services depend on libs only, libs never on services, contracts on generated code only.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.local/**',
      'reports/**',
      'libs/contracts/src/gen/**',
      '**/*.cjs',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          // A lib's own tests import it through its public entry point, as users do.
          allowCircularSelfDependency: true,
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'scope:contracts',
              onlyDependOnLibsWithTags: [],
              allowedExternalImports: ['@bufbuild/protobuf', '@bufbuild/protobuf/*'],
            },
          ],
        },
      ],
    },
  },
];
