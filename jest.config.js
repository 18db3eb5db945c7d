// Jest runs TypeScript as native ES modules (ts-jest ESM mode; node needs --experimental-vm-modules,
// which scripts/jest.sh passes). Unit tests sit beside the code; integration tests share one local world.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
  // The built control plane and the kwok clusters' state (etcd keeps `.snap` files, which Jest would
  // take for obsolete snapshots) are not the project's modules.
  modulePathIgnorePatterns: ['<rootDir>/.cache/'],
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.test.ts',
        '<rootDir>/sim/**/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
        '<rootDir>/controlplane/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 60,
    },
  ],
  testTimeout: 120000,
};
