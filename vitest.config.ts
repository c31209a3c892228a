import { defineConfig } from 'vitest/config';

// Three projects: the conformance suites (the product, run by `paycert run` and against the
// embedded sandboxes under `npm test`), the project's own unit tests, and the meta-tests that
// run the suites against seeded defects.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'meta', include: ['test/meta/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
