// Aether's player: hls.js where the browser has Media Source Extensions, the browser's own HLS
// (Safari) otherwise, with the current rendition shown and a quality switcher. app.js decides
// when to play; this file only knows how. Plain script, no build step.
'use strict';

/**
 * Returns { play(url), stop(), playing(url) } bound to the page's elements. `app.hls` is the
 * current hls.js instance, so people and tests can look at it from the console.
 */
window.aetherPlayer = (el, app, { load, showError }) => {
  // the URL being played, until it is stopped or fails; a later state event then starts it again
  let current = null;

  function stop() {
    current = null;
    if (app.hls) {
      app.hls.destroy();
      app.hls = null;
    }
    el.video.removeAttribute('src');
    el.video.load();
    el.quality.replaceChildren(new Option('Auto', '-1'));
    el.quality.disabled = true;
    el.rendition.textContent = '—';
  }

  // A video's URL carries a playback token that the server renews from time to time: the same
  // video with a newer token is still the video being played
  const withoutToken = (url) => url && url.replace(/\/hls\/[^/]+\/([0-9a-f-]{36})\//, '/hls/$1/');

  function playing(url) {
    return current !== null && withoutToken(current) === withoutToken(url);
  }

  /**
   * Plays from the start, also while the video is still processing: then the playlists are
   * EVENT playlists that grow, and hls.js reloads them on its own until the ENDLIST shows up.
   */
  async function play(url) {
    stop();
    current = url;
    const video = el.video;
    try {
      if (window.MediaSource || window.ManagedMediaSource) {
        await load('vendor/hls.min.js');
      }
    } catch (e) {
      current = null;
      showError(e.message);
      return;
    }
    if (current !== url) {
      return; // stopped, or asked for another video, while hls.js loaded
    }
    const Hls = window.Hls;
    if (Hls && Hls.isSupported()) {
      // an EVENT playlist counts as live, and hls.js would start near its live edge
      const hls = new Hls({ startPosition: 0 });
      app.hls = hls;
      // captions.js offers the subtitle tracks of this hls.js
      video.dispatchEvent(new CustomEvent('aether:hls', { detail: hls }));
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        offerQualities(hls);
        video.play().catch(() => { /* the viewer presses play */ });
      });
      hls.on(Hls.Events.LEVEL_SWITCHED, (name, data) => showRendition(hls, data.level));
      hls.on(Hls.Events.ERROR, (name, data) => {
        if (!data.fatal) {
          return;
        }
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
        } else {
          current = null;
          showError('Playback failed: ' + data.details);
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      // Safari plays HLS itself, from the start of an EVENT playlist, and picks the quality on its own
      video.src = url;
      el.rendition.textContent = 'chosen by the browser';
      video.play().catch(() => { /* the viewer presses play */ });
    } else {
      current = null;
      showError('This browser cannot play HLS video.');
    }
  }

  function label(level) {
    return level.height + 'p';
  }

  function offerQualities(hls) {
    const options = [new Option('Auto', '-1')];
    hls.levels
      .map((level, index) => ({ level, index }))
      .sort((a, b) => b.level.height - a.level.height)
      .forEach(({ level, index }) => options.push(new Option(
        label(level) + ' · ' + Math.round(level.bitrate / 1000) + ' kb/s', String(index))));
    el.quality.replaceChildren(...options);
    el.quality.value = '-1';
    el.quality.disabled = hls.levels.length < 2;
  }

  function showRendition(hls, index) {
    const level = hls.levels[index];
    if (!level) {
      return;
    }
    el.rendition.textContent = label(level) + ' (' + level.width + '×' + level.height + ', '
      + Math.round(level.bitrate / 1000) + ' kb/s)' + (hls.autoLevelEnabled ? ', auto' : '');
  }

  el.quality.addEventListener('change', () => {
    if (app.hls) {
      // -1 hands the choice back to hls.js
      app.hls.currentLevel = Number(el.quality.value);
    }
  });

  return { play, stop, playing };
};
