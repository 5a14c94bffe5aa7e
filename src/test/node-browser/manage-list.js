// Drives the list's management in Debian's headless Chromium: a file that is no video fails and the
// list shows why; its Delete button asks first (the dialog is accepted) and the row and the video go.
// Usage: node manage-list.js BASE_URL NOT_A_VIDEO
// Prints one JSON line with what it saw; exits 1 with the reasons when a check fails.
'use strict';

const { withPage, useKey, authorization } = require('./browser');

const [base, file] = process.argv.slice(2);

async function drive(context, page, seen, check) {
  await page.goto(base + '/?upload=multipart');
  await useKey(page);
  await page.setInputFiles('#file', file);
  await page.click('#start');
  await page.waitForFunction(() => document.getElementById('status').dataset.status === 'failed', null,
    { timeout: 120_000 });
  seen.videoId = await page.evaluate(() => window.aether.videoId);
  seen.shownError = await page.textContent('#error');
  const row = 'tr[data-id="' + seen.videoId + '"]';
  await page.waitForSelector(row + ' .reason', { timeout: 15_000 });
  seen.reason = await page.textContent(row + ' .reason');
  check(seen.reason.includes('not a readable video'), 'the list shows why it failed: ' + seen.reason);

  // the first dialog is dismissed: nothing goes; the second is accepted
  seen.dialogs = [];
  page.on('dialog', (d) => {
    seen.dialogs.push(d.type() + ': ' + d.message());
    return seen.dialogs.length === 1 ? d.dismiss() : d.accept();
  });
  await page.click(row + ' button.delete');
  await page.waitForTimeout(500);
  check(await page.isVisible(row), 'a dismissed confirm keeps the row');
  await page.click(row + ' button.delete');
  await page.waitForSelector(row, { state: 'detached', timeout: 15_000 });
  const after = await fetch(base + '/api/v1/videos/' + seen.videoId, { headers: authorization() });
  seen.afterDelete = after.status;
  check(after.status === 404, 'the video is gone: ' + after.status);
  check(seen.dialogs.length === 2 && seen.dialogs[0].startsWith('confirm'), 'asked first: ' + seen.dialogs);
  seen.pager = await page.textContent('#pager');
}

if (!base || !file) {
  console.error('usage: node manage-list.js BASE_URL NOT_A_VIDEO');
  process.exit(2);
}
withPage({}, drive);
