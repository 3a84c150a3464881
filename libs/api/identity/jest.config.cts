module.exports = {
  displayName: 'api-identity',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/identity',
  // Some specs start a child Node process (ts-node included): on two busy cores that alone can
  // take longer than Jest's 5 s default, which says nothing about the behaviour under test.
  testTimeout: 60000,
};
