// Drives Aether's page in Debian's headless Chromium on a video that has captions: hls.js must
// list the subtitle track, the page's captions menu must offer it, and once chosen its cue must
// become active at its time on the video's clock. Then the owner's form adds a caption file.
// Usage: node captions-menu.js BASE_URL VIDEO_ID CUE_START_S CAPTION_FILE SCREENSHOT
// Prints one JSON line with what it saw; exits 1 with the reasons when a check fails.
'use strict';

const { withPage, screenshot: shoot, useKey } = require('./browser');

const [base, videoId, cueStart, captionFile, screenshot] = process.argv.slice(2);

async function drive(context, page, seen, check) {
  await page.goto(base + '/');
  await useKey(page);
  await page.goto(base + '/?video=' + encodeURIComponent(videoId));
  await page.waitForFunction(() => window.aether.hls && window.aether.hls.subtitleTracks.length > 0, null,
    { timeout: 60_000 });
  seen.tracks = await page.evaluate(() => window.aether.hls.subtitleTracks.map((t) => ({ lang: t.lang, name: t.name })));
  await page.waitForSelector('#captions-box', { state: 'visible', timeout: 5_000 });
  seen.menu = await page.$$eval('#captions option', (options) => options.map((o) => o.textContent));
  await page.selectOption('#captions', '0');

  // the first moment a cue is active, read on the video's own clock
  seen.cue = await page.evaluate(() => new Promise((resolve, reject) => {
    const video = document.getElementById('player');
    const timer = setTimeout(() => reject(new Error('no cue became active in 30 s')), 30_000);
    const look = () => {
      for (const track of video.textTracks) {
        if (track.mode === 'showing' && track.activeCues && track.activeCues.length > 0) {
          clearTimeout(timer);
          resolve({ currentTime: video.currentTime, text: track.activeCues[0].text,
            startTime: track.activeCues[0].startTime, subtitleTrack: window.aether.hls.subtitleTrack });
          return;
        }
      }
      requestAnimationFrame(look);
    };
    if (video.paused) {
      video.play().catch(() => {});
    }
    look();
  }));
  const start = Number(cueStart);
  check(seen.cue.currentTime >= start - 0.05 && seen.cue.currentTime <= start + 0.5,
    'the cue became active at ' + seen.cue.currentTime + ' s, its time is ' + start + ' s');
  check(seen.cue.text === 'Hello', 'the active cue says ' + seen.cue.text);
  await page.evaluate(() => document.getElementById('player').pause());
  await shoot(page, screenshot);

  // the owner adds another language with the form
  await page.setInputFiles('#captions-file', captionFile);
  await page.fill('#captions-lang', 'fr');
  await page.click('#captions-send');
  await page.waitForFunction(() => /^(Added|Refused)/.test(document.getElementById('captions-note').textContent),
    null, { timeout: 20_000 });
  seen.formNote = await page.textContent('#captions-note');
}

if (!base || !videoId || !cueStart || !captionFile || !screenshot) {
  console.error('usage: node captions-menu.js BASE_URL VIDEO_ID CUE_START_S CAPTION_FILE SCREENSHOT');
  process.exit(2);
}
withPage({ mode: 'captions' }, drive);
