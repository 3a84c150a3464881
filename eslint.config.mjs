import nx from '@nx/eslint-plugin';

// The module-boundary rule is the architecture made executable: shared code stays framework-free,
// the web app never reaches for server packages and the API never for Angular.
const serverPackages = [
  '@nestjs/*',
  'typeorm',
  'class-validator',
  'class-transformer',
  'pg',
  'fastify',
  '@fastify/*',
];
const frameworkPackages = [...serverPackages, '@angular/*', 'rxjs', '@electric-sql/*'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/.angular', '**/test-results', '**/playwright-report'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: frameworkPackages,
            },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'],
              bannedExternalImports: ['@angular/*'],
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: serverPackages,
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', '@angular/*'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            // Web layers point one way: ui ← core ← features ← apps. A feature may use another
            // feature's sections, but none may reach back into the page that hosts them
            // (type:host, the patient page's lib), and core and ui know no feature.
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:domain', 'type:contracts'] },
            {
              sourceTag: 'type:core',
              onlyDependOnLibsWithTags: ['type:core', 'type:ui', 'type:domain', 'type:contracts'],
            },
            {
              allSourceTags: ['scope:web', 'type:feature'],
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:core',
                'type:ui',
                'type:domain',
                'type:contracts',
              ],
              notDependOnLibsWithTags: ['type:host'],
            },
            // API layers point one way: platform ← audit ← identity ← features ← app. The
            // platform knows neither audit nor identity (UnitOfWork reports replays through a
            // port the audit module provides), and audit knows nothing of sign-in.
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'],
            },
            {
              sourceTag: 'type:audit',
              onlyDependOnLibsWithTags: ['type:audit', 'type:platform', 'type:domain', 'type:contracts'],
            },
            {
              sourceTag: 'type:identity',
              onlyDependOnLibsWithTags: [
                'type:identity',
                'type:audit',
                'type:platform',
                'type:domain',
                'type:contracts',
              ],
            },
            {
              allSourceTags: ['scope:api', 'type:feature'],
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:identity',
                'type:audit',
                'type:platform',
                'type:domain',
                'type:contracts',
              ],
            },
          ],
        },
      ],
      // `_name` marks a value taken out on purpose (e.g. a field removed from a response).
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // A promise nobody awaits loses its failure (an unhandled rejection, a write that never
    // happened): every one is awaited, returned, or marked `void` on purpose. These rules need
    // the types, so TypeScript's project service reads each project's tsconfig.
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts', '*.mts', '*.cts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
];
