module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // otplib's hash and base32 plugins (@noble, @scure) and the OpenAPI validator's reference
    // parser ship as ES modules only; Node requires them natively, Jest's module system needs them
    // turned into CommonJS first. (The tsconfig is a file: Nx's Jest plugin reads every `tsconfig`
    // option as a path.)
    '/node_modules/(@noble|@scure|@apidevtools/json-schema-ref-parser)/.+\\.js$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.spec-esm.json', transpilation: true },
    ],
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!.*/node_modules/)(?!(@noble|@scure|@apidevtools/json-schema-ref-parser)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
  // One database for the run: a real PostgreSQL from DATABASE_URL, or PGlite started here.
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  // The embedded server serialises every query; parallel suites would only queue behind each other.
  maxWorkers: process.env.DATABASE_URL ? 2 : 1,
  testTimeout: 60000,
};
