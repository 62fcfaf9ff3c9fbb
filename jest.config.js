/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/sandbox', '<rootDir>/scripts', '<rootDir>/static'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/'],
  modulePathIgnorePatterns: [
    '<rootDir>/sandbox/backstage/node_modules',
    '<rootDir>/tools/',
    '<rootDir>/static/.*/build/',
  ],
  // One real Backstage catalog backend for the whole run (see sandbox/backstage/).
  setupFiles: ['<rootDir>/jest.setup-env.js'],
  globalSetup: '<rootDir>/sandbox/backstage/jest-global-setup.ts',
  globalTeardown: '<rootDir>/sandbox/backstage/jest-global-teardown.ts',
  transform: {
    '^.+\\.tsx?$': 'ts-jest',
  },
  // Atlaskit's compiled components import CSS files.
  moduleNameMapper: {
    '\\.css$': '<rootDir>/static/shared/testing/style-stub.cjs',
    // As in the pages' build: nothing outside Atlassian's products initialises Statsig.
    '^@atlaskit/feature-gate-js-client/feature-gates$': '<rootDir>/static/shared/feature-gates-stub.ts',
  },
  testTimeout: 30000,
};
