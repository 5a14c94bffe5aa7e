// Drives Aether's page in Debian's headless Chromium: upload a clip, watch the progress bar reach
// 100 %, the status become completed and the video play with hls.js offering several qualities.
// Usage: node upload-and-watch.js BASE_URL CLIP SCREENSHOT [auto|multipart|pause]
// 'pause' uploads over tus with the upload throttled, pauses it half way and resumes it.
// Prints one JSON line with what it saw; exits 1 with the reasons when a check fails.
'use strict';

const { withPage, screenshot: shoot, useKey } = require('./browser');

const [base, clip, screenshot, mode = 'auto'] = process.argv.slice(2);
const FINISH_MS = 180_000;

const progress = (page) => page.evaluate(() => document.getElementById('upload-progress').value);

/** Pauses a throttled tus upload part way: nothing moves while paused, and it finishes after Resume. */
async function pauseAndResume(page, seen, check, cdp) {
  await page.waitForFunction(() => document.getElementById('upload-progress').value >= 10, null, { timeout: 60_000 });
  await page.click('#pause');
  seen.pauseButton = await page.textContent('#pause');
  const paused = await progress(page);
  await page.waitForTimeout(1500);
  const still = await progress(page);
  seen.paused = [paused, still];
  check(seen.pauseButton === 'Resume', 'the pause button offers Resume');
  check(paused < 100 && still === paused, 'the upload stood still while paused: ' + paused + ' then ' + still);
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.click('#pause');
  seen.resumeButton = await page.textContent('#pause');
}

/** Posters and seek-bar previews (previews.js): the poster on the player and in the list, a tile on hover. */
async function previews(page, seen, check) {
  const loads = (url) => page.evaluate((src) => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img.naturalWidth + 'x' + img.naturalHeight);
    img.onerror = () => resolve('failed');
    img.src = src;
  }), url);
  await page.waitForFunction(() => document.getElementById('player').getAttribute('poster'), null, { timeout: 15_000 });
  const poster = await page.getAttribute('#player', 'poster');
  seen.poster = { url: poster.replace(/\/hls\/[^/]+\//, '/hls/TOKEN/'), size: await loads(poster) };
  check(/\/thumbnail\.jpg\?width=640$/.test(poster), 'the player has the poster: ' + poster);
  check(seen.poster.size === '640x360', 'the poster loads at 640 px: ' + seen.poster.size);
  const row = '#videos tr[data-id="' + seen.videoId + '"]';
  await page.waitForFunction((r) => {
    const img = document.querySelector(r + ' img.poster');
    return img && img.complete && img.naturalWidth > 0;
  }, row, { timeout: 15_000 });
  seen.listPoster = await page.$eval(row + ' img.poster', (img) => img.naturalWidth + 'x' + img.naturalHeight);
  seen.listDuration = await page.textContent(row + ' .duration');
  check(seen.listPoster === '160x90', 'a small poster in the list: ' + seen.listPoster);

  await page.waitForSelector('#seek', { state: 'visible', timeout: 15_000 });
  const box = await page.locator('#seek').boundingBox();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.waitForSelector('#seek-preview', { state: 'visible', timeout: 5_000 });
  const tile = await page.$eval('#seek-preview', (t) => ({
    time: Number(t.dataset.time), sheet: t.dataset.sheet, width: t.offsetWidth, height: t.offsetHeight,
    position: t.style.backgroundPosition, image: getComputedStyle(t).backgroundImage,
  }));
  seen.preview = { time: tile.time, position: tile.position, size: tile.width + 'x' + tile.height,
    sheet: await loads(tile.sheet) };
  check(tile.image.includes('storyboard_'), 'the tile shows a storyboard sheet: ' + tile.image);
  check(tile.time > 2 && tile.time < 6, 'the tile is of the hovered time: ' + tile.time);
  check(seen.preview.sheet !== 'failed', 'the sheet loads with the storyboard\'s token: ' + tile.sheet);
  await shoot(page, screenshot.replace(/\.png$/, '-preview.png'), { fullPage: false });
  await page.mouse.move(0, 0);
}

async function drive(context, page, seen, check) {
  seen.patchOffsets = [];
  page.on('request', (r) => r.method() === 'PATCH' && seen.patchOffsets.push(Number(r.headers()['upload-offset'])));

  await page.goto(base + '/' + (mode === 'multipart' ? '?upload=multipart' : ''));
  await useKey(page);
  seen.title = await page.title();
  await page.setInputFiles('#file', clip);
  // every note the page shows from here on: the one naming the way of uploading may be replaced by
  // "Upload complete" before the progress bar is read at 100 (a fast server answers at once)
  await page.evaluate(() => {
    window.aetherNotes = [];
    const note = document.getElementById('upload-note');
    new MutationObserver(() => window.aetherNotes.push(note.textContent))
      .observe(note, { childList: true, characterData: true, subtree: true });
  });
  if (mode === 'pause') {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    await page.click('#start');
    await pauseAndResume(page, seen, check, cdp);
  } else {
    await page.click('#start');
  }

  await page.waitForFunction(() => document.getElementById('upload-progress').value === 100, null,
    { timeout: 60_000 });
  seen.uploadPercent = await page.textContent('#upload-percent');
  seen.uploadVia = await page.evaluate(() => window.aetherNotes.find((t) => / upload: /.test(' ' + t)) || '');
  if (mode === 'pause') {
    const offsets = seen.patchOffsets;
    check(offsets.length >= 2 && offsets[offsets.length - 1] > 0,
      'the resumed upload goes on from where it stopped: PATCH offsets ' + offsets);
  }

  // an extra picture while the transcode runs, when the page catches it (a short clip may be done first)
  try {
    await page.waitForFunction(() => document.getElementById('status').dataset.status === 'active'
      && document.getElementById('transcode-progress').value > 0, null, { timeout: 20_000 });
    await shoot(page, screenshot.replace(/\.png$/, '-transcoding.png'), { fullPage: false });
    seen.transcodingShot = true;
  } catch (e) {
    seen.transcodingShot = false;
  }

  await page.waitForFunction(() => ['completed', 'failed']
    .includes(document.getElementById('status').dataset.status), null, { timeout: FINISH_MS });
  seen.status = await page.getAttribute('#status', 'data-status');
  seen.statusText = await page.textContent('#status');
  seen.transcodePercent = await page.textContent('#transcode-percent');
  seen.videoId = await page.evaluate(() => window.aether.videoId);
  check(seen.status === 'completed', 'status is ' + seen.status + ': ' + await page.textContent('#error'));

  await page.waitForFunction(() => {
    const video = document.getElementById('player');
    return !video.paused && video.currentTime > 0.5;
  }, null, { timeout: 60_000 });
  const t1 = await page.evaluate(() => document.getElementById('player').currentTime);
  await page.waitForTimeout(1000);
  const t2 = await page.evaluate(() => document.getElementById('player').currentTime);
  seen.currentTime = [t1, t2];
  check(t2 > t1, 'currentTime did not advance: ' + t1 + ' then ' + t2);

  seen.levels = await page.evaluate(() => window.aether.hls.levels.map((l) => l.width + 'x' + l.height));
  seen.qualityOptions = await page.$$eval('#quality option', (options) => options.map((o) => o.textContent));
  seen.qualityEnabled = await page.isEnabled('#quality');
  seen.rendition = await page.textContent('#rendition');
  check(seen.levels.length >= 2, 'hls.js offers ' + seen.levels.length + ' level(s)');
  check(seen.qualityEnabled && seen.qualityOptions.length === seen.levels.length + 1, 'quality switcher');
  check(seen.rendition !== '—', 'no current rendition shown');

  // pick the smallest rendition by hand: the page must switch to it and say so
  const smallest = await page.evaluate(() => {
    const levels = window.aether.hls.levels;
    return String(levels.reduce((best, l, i) => (l.height < levels[best].height ? i : best), 0));
  });
  await page.selectOption('#quality', smallest);
  const wanted = await page.evaluate((i) => window.aether.hls.levels[Number(i)].height + 'p', smallest);
  await page.waitForFunction((w) => document.getElementById('rendition').textContent.startsWith(w), wanted,
    { timeout: 30_000 });
  seen.switchedTo = await page.textContent('#rendition');

  await page.waitForFunction((id) => document.querySelector('#videos tr[data-id="' + id + '"] .badge.completed'),
    seen.videoId, { timeout: 15_000 });
  seen.listed = true;
  await previews(page, seen, check);
  await page.evaluate(() => document.getElementById('player').pause());
  await shoot(page, screenshot);
  seen.screenshot = screenshot;
}

if (!base || !clip || !screenshot) {
  console.error('usage: node upload-and-watch.js BASE_URL CLIP SCREENSHOT [auto|multipart|pause]');
  process.exit(2);
}
withPage({ mode }, drive);
