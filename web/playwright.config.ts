import { defineConfig } from '@playwright/test';

// Browser tests against the real server binary (built in global-setup.ts),
// with Debian's Chromium: Playwright must not download a browser here.
const chromium = {
  executablePath: process.env.SOUDAN_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // The readiness page's browser check: fake camera and microphone, no prompt.
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ],
};

export default defineConfig({
  testDir: './tests',
  globalSetup: './tests/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.SOUDAN_WEB_URL,
    launchOptions: chromium,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'off',
  },
  projects: [
    // Chromium's own user agent (Linux), not an emulated one: the readiness page reads it.
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      use: { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      // The phone runs the journey and the error handling; the rest is the same code at desktop size.
      testMatch: /journey|errors/,
    },
  ],
});
