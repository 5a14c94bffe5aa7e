// Aether's captions on the page: a menu of the subtitle tracks hls.js found in the master, shown
// only when the video has some, and a small form with which the owner adds a caption file (SRT or
// WebVTT) in a language. Players read the master once, so a language added now is offered from
// the next load of the video. Plain script, no build step.
'use strict';

/** Wires the captions menu and form; player.js announces each new hls.js with an 'aether:hls' event. */
window.aetherCaptions = (app) => {
  const $ = (id) => document.getElementById(id);
  const el = {
    video: $('player'), box: $('captions-box'), menu: $('captions'), form: $('captions-form'),
    file: $('captions-file'), lang: $('captions-lang'), note: $('captions-note'),
  };

  // ------------------------------------------------------------ the menu of subtitle tracks

  function offer(hls) {
    const tracks = hls.subtitleTracks || [];
    el.menu.replaceChildren(new Option('Off', '-1'),
      ...tracks.map((track, index) => new Option(track.name || track.lang, String(index))));
    el.menu.value = String(hls.subtitleTrack);
    el.box.hidden = tracks.length === 0;
  }

  el.video.addEventListener('aether:hls', (event) => {
    const hls = event.detail;
    const Hls = window.Hls;
    el.box.hidden = true;
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => offer(hls));
    hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, () => { el.menu.value = String(hls.subtitleTrack); });
  });

  el.menu.addEventListener('change', () => {
    if (app.hls) {
      const index = Number(el.menu.value);
      // -1 turns captions off; hls.js shows the chosen track through the video element's text tracks
      app.hls.subtitleDisplay = index >= 0;
      app.hls.subtitleTrack = index;
    }
  });

  // ------------------------------------------------------------ the owner's upload form

  const TYPES = { srt: 'application/x-subrip', vtt: 'text/vtt' };

  async function upload(event) {
    event.preventDefault();
    const file = el.file.files[0];
    const lang = el.lang.value.trim();
    if (!app.videoId || !file || !lang) {
      el.note.textContent = 'Pick a video, a caption file and a language.';
      return;
    }
    const extension = file.name.split('.').pop().toLowerCase();
    const type = TYPES[extension];
    if (!type) {
      el.note.textContent = 'Caption files are .srt or .vtt.';
      return;
    }
    el.note.textContent = 'Sending ' + file.name + '…';
    const reply = await app.api('/api/v1/videos/' + encodeURIComponent(app.videoId) + '/captions/'
      + encodeURIComponent(lang), { method: 'PUT', headers: { 'Content-Type': type }, body: file });
    const body = await reply.json().catch(() => ({}));
    el.note.textContent = reply.ok
      ? 'Added ' + body.name + ' (' + body.lang + '): offered from the next load of the video.'
      : 'Refused: ' + (body.detail || reply.status);
  }

  el.form.addEventListener('submit', upload);

  /** The form shows while a video is chosen. */
  return {
    show(id) {
      el.form.hidden = !id;
      el.note.textContent = '';
    },
  };
};
