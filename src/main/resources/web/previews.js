// Posters and seek-bar previews: a small poster and the duration beside each listed video, the
// poster on the player, and a seek bar under it whose hover shows the storyboard tile of that time.
// hls.js draws no previews, so the page reads the record's storyboard.vtt itself: each cue names a
// tile of a sprite sheet (sheet.jpg#xywh=x,y,w,h), shown as the background of a small element.
// Plain script, no build step.
'use strict';

/**
 * Returns { decorate(cell, video), show(id), clear() } for the page's player; `api` is app.js's
 * keyed fetch. `app.previews` holds the parsed cues, for people and tests in the console.
 */
window.aetherPreviews = (app, { api }) => {
  const LIST_WIDTH = 160;
  const POSTER_WIDTH = 640;
  // a growing (chunked, still processing) storyboard is read again at most this often
  const REREAD_MS = 5000;
  const video = document.getElementById('player');
  const seek = document.getElementById('seek');
  const played = document.getElementById('seek-played');
  const tip = document.getElementById('seek-preview');
  let shownFor = null;
  let storyboardUrl = null;
  let readAt = 0;
  app.previews = [];

  function withQuery(url, params) {
    const out = new URL(url, location.href);
    Object.entries(params).forEach(([name, value]) => out.searchParams.set(name, String(value)));
    return out.toString();
  }

  function clock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    const two = (n) => String(n).padStart(2, '0');
    return s >= 3600 ? Math.floor(s / 3600) + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60)
      : Math.floor(s / 60) + ':' + two(s % 60);
  }

  /** The list: a small poster before the file name, the duration after it. */
  function decorate(cell, record) {
    if (record.thumbnailUrl) {
      const img = document.createElement('img');
      img.className = 'poster';
      img.alt = '';
      img.loading = 'lazy';
      img.width = LIST_WIDTH / 2;
      img.src = withQuery(record.thumbnailUrl, { width: LIST_WIDTH });
      cell.prepend(img);
    }
    if (typeof record.duration === 'number') {
      const length = document.createElement('span');
      length.className = 'duration';
      length.textContent = clock(record.duration);
      cell.append(length);
    }
  }

  /** `00:01:02.500` → 62.5 */
  function seconds(text) {
    const parts = text.trim().split(':').map(Number);
    return parts.reduce((total, part) => total * 60 + part, 0);
  }

  /** The cues of a storyboard WebVTT file, their sheet URLs resolved against its own (they carry its token). */
  function parse(text, base) {
    const cues = [];
    text.replace(/\r\n?/g, '\n').split(/\n\n+/).forEach((block) => {
      const lines = block.split('\n').filter((line) => line.trim() !== '');
      const timing = lines.findIndex((line) => line.includes('-->'));
      if (timing < 0 || !lines[timing + 1]) {
        return;
      }
      const [from, to] = lines[timing].split('-->').map((t) => seconds(t.split(' ').filter(Boolean)[0] || t));
      const [ref, fragment] = lines[timing + 1].trim().split('#xywh=');
      const [x, y, w, h] = (fragment || '').split(',').map(Number);
      if ([from, to, x, y, w, h].every(Number.isFinite)) {
        cues.push({ from, to, sheet: new URL(ref, base).toString(), x, y, w, h });
      }
    });
    return cues;
  }

  async function read() {
    readAt = Date.now();
    const url = storyboardUrl;
    const reply = await fetch(url);
    if (reply.ok && url === storyboardUrl) {
      app.previews = parse(await reply.text(), url);
    }
  }

  function clear() {
    shownFor = null;
    storyboardUrl = null;
    app.previews = [];
    video.removeAttribute('poster');
    seek.hidden = true;
    tip.hidden = true;
  }

  /** The player's poster and the seek bar's previews for this video, from its record. */
  async function show(id) {
    if (shownFor === id) {
      return;
    }
    clear();
    shownFor = id;
    try {
      const reply = await api('/api/v1/videos/' + encodeURIComponent(id));
      const record = reply.ok ? await reply.json() : null;
      if (!record || shownFor !== id) {
        return;
      }
      if (record.thumbnailUrl) {
        video.poster = withQuery(record.thumbnailUrl, { width: POSTER_WIDTH });
      }
      if (record.storyboardUrl) {
        storyboardUrl = record.storyboardUrl;
        await read();
        seek.hidden = app.previews.length === 0;
      }
    } catch (e) {
      // no previews: the video still plays
    }
  }

  /** How long the seek bar is: the player's duration once known, else as far as the previews go. */
  function length() {
    const last = app.previews.length ? app.previews[app.previews.length - 1].to : 0;
    return Number.isFinite(video.duration) && video.duration > 0 ? Math.max(video.duration, last) : last;
  }

  function at(event) {
    const box = seek.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    return { fraction, time: fraction * length(), box };
  }

  function hover(event) {
    const { time, box } = at(event);
    const cue = app.previews.find((c) => time >= c.from && time < c.to) || app.previews[app.previews.length - 1];
    if (!cue) {
      return;
    }
    if (time >= cue.to && storyboardUrl && Date.now() - readAt > REREAD_MS) {
      read(); // past what it listed: the video grew since
    }
    tip.style.width = cue.w + 'px';
    tip.style.height = cue.h + 'px';
    tip.style.backgroundImage = 'url("' + cue.sheet + '")';
    tip.style.backgroundPosition = -cue.x + 'px ' + -cue.y + 'px';
    const left = Math.min(box.width - cue.w, Math.max(0, event.clientX - box.left - cue.w / 2));
    tip.style.left = left + 'px';
    tip.dataset.time = String(Math.round(time * 10) / 10);
    tip.dataset.sheet = cue.sheet;
    tip.title = clock(time);
    tip.hidden = false;
  }

  seek.addEventListener('mousemove', hover);
  seek.addEventListener('mouseleave', () => { tip.hidden = true; });
  seek.addEventListener('click', (event) => {
    const { time } = at(event);
    if (Number.isFinite(time)) {
      video.currentTime = time;
    }
  });
  video.addEventListener('timeupdate', () => {
    const total = length();
    played.style.width = total > 0 ? Math.min(100, (100 * video.currentTime) / total) + '%' : '0';
  });

  return { decorate, show, clear };
};
