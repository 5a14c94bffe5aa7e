// Drives Aether's page in Debian's headless Chromium with a video long enough to be cut into
// chunks: the page must start playing it from the start as soon as the first chunk is stored,
// while the record is still active, and keep the same player on until completed and past it.
// Usage: node play-while-processing.js BASE_URL CLIP SCREENSHOT
// Writes SCREENSHOT with '-growing' before .png while it plays an active video, and SCREENSHOT at
// the end. Prints one JSON line with what it saw; exits 1 with the reasons when a check fails.
'use strict';

const { withPage, screenshot: shoot, useKey, authorization } = require('./browser');

const [base, clip, screenshot] = process.argv.slice(2);
const FINISH_MS = 240_000;

/** The record as the API has it now: asked from here, not through the page under test. */
async function apiStatus(id) {
  const reply = await fetch(base + '/api/v1/videos/' + encodeURIComponent(id), { headers: authorization() });
  return (await reply.json()).status;
}

/** What hls.js knows about the level it plays: live while its playlist has no ENDLIST. */
const playerState = (page) => page.evaluate(() => {
  const video = document.getElementById('player');
  const hls = window.aether.hls;
  const level = hls && hls.levels[hls.currentLevel];
  return {
    currentTime: video.currentTime,
    paused: video.paused,
    duration: video.duration,
    live: level && level.details ? level.details.live : null,
    sameHls: Boolean(hls) && hls === window.firstHls,
  };
});

/** How many segments the first variant playlist lists now, and whether it has ended. */
async function published(id) {
  const master = await (await fetch(base + '/hls/' + id + '/master.m3u8')).text();
  const variant = master.split('\n').find((line) => line && !line.startsWith('#'));
  const playlist = await (await fetch(base + '/hls/' + id + '/' + variant)).text();
  return { segments: playlist.split('#EXTINF').length - 1, ended: playlist.includes('#EXT-X-ENDLIST') };
}

/**
 * A second viewer joins later through the list's Watch button, once 4 segments are out (unless
 * the video finished first): it starts at the beginning too, where hls.js on its own would start
 * 3 target durations before the end of a growing playlist, here at 10 s or later.
 */
async function joinLate(context, seen, check) {
  const deadline = Date.now() + FINISH_MS;
  let now = await published(seen.videoId);
  while (now.segments < 4 && !now.ended && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    now = await published(seen.videoId);
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => seen.consoleErrors.push('second page: ' + e));
  try {
    await page.goto(base + '/');
    await useKey(page);
    await page.click('#videos tr[data-id="' + seen.videoId + '"] button');
    await page.waitForFunction(() => {
      const video = document.getElementById('player');
      return !video.paused && video.currentTime > 0;
    }, null, { timeout: 60_000 });
    seen.joined = await page.evaluate(() => {
      const hls = window.aether.hls;
      const details = hls.levels[hls.currentLevel] && hls.levels[hls.currentLevel].details;
      return { currentTime: document.getElementById('player').currentTime, startPosition: hls.config.startPosition,
        segments: details ? details.fragments.length : null, live: details ? details.live : null };
    });
    seen.joined.apiStatus = await apiStatus(seen.videoId);
    check(seen.joined.currentTime < 5, 'a late viewer starts at ' + seen.joined.currentTime + ', not at 0');
    check(seen.joined.startPosition === 0, 'hls.js startPosition is ' + seen.joined.startPosition);
  } finally {
    await page.close();
  }
}

async function drive(context, page, seen, check) {
  // media segments the page fetched, counted by the browser: hls.js is the only thing loading them
  seen.fragments = 0;
  page.on('response', (r) => /\/hls\/[^?]+\.ts(\?|$)/.test(r.url()) && r.ok() && seen.fragments++);

  await page.goto(base + '/');
  await useKey(page);
  await page.setInputFiles('#file', clip);
  await page.click('#start');
  await page.waitForFunction(() => document.getElementById('upload-progress').value === 100, null,
    { timeout: 60_000 });
  // the bar reaches 100 % a moment before the upload's answer names the video
  await page.waitForFunction(() => window.aether.videoId, null, { timeout: 30_000 });
  seen.videoId = await page.evaluate(() => window.aether.videoId);

  // playing: the clock runs, so the first chunk's fragments reached the video element
  await page.waitForFunction(() => {
    const video = document.getElementById('player');
    return !video.paused && video.currentTime > 0.3;
  }, null, { timeout: FINISH_MS });
  const first = await playerState(page);
  await page.evaluate(() => { window.firstHls = window.aether.hls; });
  await page.waitForTimeout(1000);
  const second = await playerState(page);
  seen.growing = {
    currentTime: [first.currentTime, second.currentTime],
    duration: second.duration,
    live: second.live,
    fragments: seen.fragments,
    status: await page.getAttribute('#status', 'data-status'),
    statusText: await page.textContent('#status'),
    listed: await page.$eval('#videos tr[data-id="' + seen.videoId + '"]',
      (row) => row.querySelector('.badge').textContent + ' / ' + row.querySelector('button').textContent),
  };
  // asked last: the record only moves on to completed, so active now means active all along
  seen.growing.apiStatus = await apiStatus(seen.videoId);
  check(seen.growing.apiStatus === 'active', 'the record was ' + seen.growing.apiStatus + ' once it played');
  check(second.currentTime > first.currentTime, 'currentTime did not advance: ' + seen.growing.currentTime);
  check(first.currentTime < 10, 'played from the start, not the live edge: ' + first.currentTime);
  check(seen.growing.fragments > 0, 'hls.js loaded no fragment');
  check(second.live === true, 'hls.js did not see a growing (EVENT) playlist: ' + second.live);
  check(seen.growing.status === 'active' && seen.growing.statusText === 'Playing while processing',
    'the status area says ' + seen.growing.status + ' / ' + seen.growing.statusText);
  check(/playable \/ Watch$/.test(seen.growing.listed), 'the list row says ' + seen.growing.listed);
  await shoot(page, screenshot.replace(/\.png$/, '-growing.png'));
  await joinLate(context, seen, check);

  await page.waitForFunction(() => ['completed', 'failed']
    .includes(document.getElementById('status').dataset.status), null, { timeout: FINISH_MS });
  seen.status = await page.getAttribute('#status', 'data-status');
  seen.statusText = await page.textContent('#status');
  seen.transcodePercent = await page.textContent('#transcode-percent');
  check(seen.status === 'completed', 'status is ' + seen.status + ': ' + await page.textContent('#error'));
  const done = await playerState(page);
  seen.completed = { currentTime: done.currentTime, sameHls: done.sameHls };
  check(done.sameHls, 'the player was restarted when the video completed');
  check(done.currentTime >= second.currentTime, 'playback went back: ' + done.currentTime);

  // hls.js finds the ENDLIST on a playlist reload of its own, and the duration becomes the whole clip's
  await page.waitForFunction(() => {
    const hls = window.aether.hls;
    const level = hls && hls.levels[hls.currentLevel];
    return level && level.details && level.details.live === false;
  }, null, { timeout: 60_000 });
  const ended = await playerState(page);
  seen.ended = { live: ended.live, duration: ended.duration, sameHls: ended.sameHls,
    currentTime: ended.currentTime, fragments: seen.fragments };
  check(ended.sameHls, 'the player was restarted after the video completed');
  check(ended.currentTime > second.currentTime, 'playback stopped: ' + ended.currentTime);
  await page.evaluate(() => document.getElementById('player').pause());
  await shoot(page, screenshot);
  seen.screenshot = screenshot;
}

if (!base || !clip || !screenshot) {
  console.error('usage: node play-while-processing.js BASE_URL CLIP SCREENSHOT');
  process.exit(2);
}
withPage({ mode: 'chunked' }, drive);
