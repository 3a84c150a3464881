module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
  // One database for the run: a real PostgreSQL from DATABASE_URL, or PGlite started here.
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  // The embedded server serialises every query; parallel suites would only queue behind each other.
  maxWorkers: process.env.DATABASE_URL ? 2 : 1,
  testTimeout: 60000,
};
