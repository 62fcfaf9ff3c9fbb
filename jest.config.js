/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/sandbox', '<rootDir>/scripts', '<rootDir>/static'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  modulePathIgnorePatterns: ['<rootDir>/sandbox/backstage/node_modules', '<rootDir>/tools/'],
  // One real Backstage catalog backend for the whole run (see sandbox/backstage/).
  globalSetup: '<rootDir>/sandbox/backstage/jest-global-setup.ts',
  globalTeardown: '<rootDir>/sandbox/backstage/jest-global-teardown.ts',
  transform: {
    '^.+\\.tsx?$': 'ts-jest',
  },
  testTimeout: 30000,
};
