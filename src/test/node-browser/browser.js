// What the driver scripts share: Debian's headless Chromium in a throwaway profile, a record of
// what the page did wrong (console errors, failed requests), and the one JSON line they print.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Runs drive(context, page, seen, check) in a fresh browser, then prints `seen` as one JSON line
 * and exits 1 when a check failed or drive threw.
 */
async function withPage(seen, drive) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aether-chromium-'));
  seen.consoleErrors = [];
  seen.failedRequests = [];
  seen.failures = [];
  const check = (ok, what) => { if (!ok) seen.failures.push(what); };
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = context.pages()[0] || await context.newPage();
      page.on('console', (m) => m.type() === 'error' && seen.consoleErrors.push(m.text()));
      page.on('pageerror', (e) => seen.consoleErrors.push(String(e)));
      page.on('response', (r) => r.status() >= 400 && seen.failedRequests.push(r.status() + ' ' + r.url()));
      await drive(context, page, seen, check);
    } finally {
      await context.close();
    }
  } catch (e) {
    seen.error = String((e && e.stack) || e);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify(seen));
  if (seen.error || seen.failures.length > 0) {
    process.exitCode = 1;
  }
}

/** Enters the API key (AETHER_KEY) when the page asks for it, as a person would once per browser. */
async function useKey(page) {
  if (await page.isVisible('#key-form')) {
    await page.fill('#api-key', process.env.AETHER_KEY || '');
    await page.click('#save-key');
    await page.waitForSelector('#key-form', { state: 'hidden', timeout: 5_000 });
  }
}

/** The Authorization header for requests the scripts make themselves, beside the page. */
const authorization = () => ({ Authorization: 'Bearer ' + (process.env.AETHER_KEY || '') });

/** A full-page screenshot, its folder made first. */
async function screenshot(page, file, options = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, ...options });
}

module.exports = { withPage, screenshot, useKey, authorization };
