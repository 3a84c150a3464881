module.exports = {
  displayName: 'api-outcomes',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: {
    // '@kap/api/core' still re-exports identity, whose TOTP dependency (@noble, @scure) ships as ES
    // modules only: Jest needs those turned into CommonJS (as in apps/api's config).
    '/node_modules/(@noble|@scure)/.+\\.js$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.spec-esm.json', transpilation: true },
    ],
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!.*/node_modules/)(?!(@noble|@scure)/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/outcomes',
  // Every spec loads the API's libraries through '@kap/api/core': slow on two busy cores.
  testTimeout: 60000,
};
