import { defineConfig } from 'vitest/config';

// Three projects: the conformance suites (the product: `paycert run` drives them against the
// subjects it resolved; run directly they certify the embedded reference implementations), the
// project's own unit tests, and the meta-tests that run the checks against seeded defects.
export default defineConfig({
  test: {
    reporters: ['default'],
    // two workers even on a 2-core machine: much of the time goes to waiting on loopback and child processes
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['suites/**/*.test.ts'],
          globalSetup: ['src/harness/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'meta', include: ['test/meta/**/*.test.ts'], testTimeout: 300_000 } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
