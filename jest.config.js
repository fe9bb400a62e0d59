/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // Each suite starts real HTTP servers on port 0; a generous timeout keeps CI on two cores stable.
  testTimeout: 20000,
  maxWorkers: 2,
};
