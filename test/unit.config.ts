// The unit tests alone, in Node, with no web server and no build: `npm test` runs them first.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.test.ts',
  reporter: [['list']],
});
