/**
 * The offline explorer in a real browser: Debian's Chromium, driven by playwright-core, opens /graphiql, sets the
 * bearer header, runs a query against gateway + simulator and shows the data — and the page makes no request
 * beyond the loopback interface (each one is recorded and any non-loopback one refused and reported). A
 * screenshot goes to test/artifacts/ (git-ignored). Chromium: CHROMIUM_PATH, else /usr/bin/chromium (`.ci/run`
 * installs Debian's package when it is missing).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import { TOKEN, startStack } from '../helpers/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

jest.setTimeout(120_000);

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  stack = await startStack();
  // --no-sandbox: CI runs as root, where Chromium's own sandbox cannot start.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('loads GraphiQL with no outside request, runs a query with the bearer header and shows the data', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const requested: string[] = [];
  const outside: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    requested.push(url.toString());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
      outside.push(url.toString());
      await route.abort('blockedbyclient');
      return;
    }
    await route.continue();
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  const origin = stack.url.replace(/\/graphql$/, '');
  const response = await page.goto(`${origin}/graphiql`, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
  // The headers editor is shown, primed for the token; put the caller's token in it as a developer would.
  const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').first();
  await headers.waitFor();
  await headers.evaluate((element, token) => {
    (element as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(
      JSON.stringify({ Authorization: `Bearer ${token}` }),
    );
  }, TOKEN);
  await page.click('.graphiql-execute-button');
  const result = page.locator('.graphiql-response .CodeMirror-code');
  // Waited for with a locator, not page.waitForFunction: that evaluates a string in the page, which the page's
  // Content-Security-Policy (no 'unsafe-eval', as served) rightly refuses.
  await result.filter({ hasText: 'submittedOn' }).waitFor({ timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  expect(text).not.toContain('"errors"');
  expect(text).toMatch(/"submittedOn":\s*"\d{4}-\d{2}-\d{2}T/);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql.png') });

  // The query reached HMRC (the simulator) with the token typed into the explorer.
  const hmrc = stack.simulator.requests.filter((r) => r.url.includes(`/pensions/${DEMO_NINO}/2024-25`));
  expect(hmrc.length).toBeGreaterThan(0);
  expect(hmrc[0]!.authorization).toBe(stack.simulator.fingerprint(`Bearer ${TOKEN}`));

  expect(outside).toEqual([]);
  expect(requested.some((url) => url.endsWith('/graphiql/assets/graphiql.js'))).toBe(true);
  expect(consoleErrors).toEqual([]);
  await context.close();
});
