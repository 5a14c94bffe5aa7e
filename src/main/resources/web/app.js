// Aether's page: upload (tus when the server offers it, else one multipart POST), follow the
// video over the WebSocket /ws/videos/{id}, play it with hls.js. Plain script, no build step.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const el = {
    form: $('upload-form'), file: $('file'), start: $('start'), pause: $('pause'),
    uploadBar: $('upload-progress'), uploadPercent: $('upload-percent'), uploadNote: $('upload-note'),
    status: $('status'), bar: $('transcode-progress'), percent: $('transcode-percent'), error: $('error'),
    video: $('player'), quality: $('quality'), rendition: $('rendition'), list: $('videos'),
  };
  const TUS_CHUNK = 8 * 1024 * 1024;
  const LIST_EVERY_MS = 5000;
  const STATUS_TEXT = {
    waiting: 'Waiting for a worker',
    active: 'Transcoding',
    completed: 'Completed',
    failed: 'Failed',
  };

  // What the page is doing; exposed for people and tests poking around in the console.
  const app = { videoId: null, socket: null, hls: null, finished: false, uploading: false, transfer: null };
  window.aether = app;

  const loaded = {};
  function load(src) {
    loaded[src] = loaded[src] || new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error('could not load ' + src));
      document.head.append(script);
    });
    return loaded[src];
  }

  // ---------------------------------------------------------------- upload

  function wanted() {
    return new URLSearchParams(location.search).get('upload');
  }

  /** tus when /files/ answers OPTIONS as a tus server; the multipart POST otherwise. */
  async function useTus() {
    if (wanted() === 'multipart') {
      return false;
    }
    try {
      const reply = await fetch('/files/', { method: 'OPTIONS' });
      return reply.ok && reply.headers.has('Tus-Version');
    } catch (e) {
      return false;
    }
  }

  function showUpload(sent, total) {
    const percent = total > 0 ? Math.floor((sent * 100) / total) : 0;
    el.uploadBar.value = percent;
    el.uploadBar.textContent = percent + ' %';
    el.uploadPercent.textContent = percent + ' %';
  }

  function note(text) {
    el.uploadNote.textContent = text;
  }

  async function tusTransfer(file) {
    await load('vendor/tus.min.js');
    return new Promise((resolve, reject) => {
      const upload = new window.tus.Upload(file, {
        endpoint: '/files/',
        chunkSize: TUS_CHUNK,
        retryDelays: [0, 1000, 3000, 5000, 10000],
        removeFingerprintOnSuccess: true,
        metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
        onProgress: showUpload,
        onError: reject,
        onSuccess: () => resolve(upload.url.split('/').filter(Boolean).pop()),
      });
      app.transfer = {
        resumable: true,
        pause: () => upload.abort(),
        resume: () => upload.start(),
      };
      upload.findPreviousUploads().then((previous) => {
        if (previous.length > 0) {
          upload.resumeFromPreviousUpload(previous[0]);
          note('Resuming the earlier upload of this file.');
        }
        upload.start();
      }, () => upload.start());
    });
  }

  function multipartTransfer(file) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/upload');
      xhr.responseType = 'json';
      xhr.upload.onprogress = (e) => e.lengthComputable && showUpload(e.loaded, e.total);
      xhr.onload = () => {
        if (xhr.status === 202 && xhr.response && xhr.response.id) {
          resolve(xhr.response.id);
        } else {
          reject(new Error((xhr.response && xhr.response.error) || 'the upload was refused (' + xhr.status + ')'));
        }
      };
      xhr.onerror = () => reject(new Error('the upload failed: network error'));
      xhr.onabort = () => reject(new Error('the upload was cancelled'));
      const form = new FormData();
      form.append('video', file, file.name);
      app.transfer = { resumable: false, pause: () => xhr.abort() };
      xhr.send(form);
    });
  }

  async function startUpload(event) {
    event.preventDefault();
    const file = el.file.files[0];
    if (!file || app.uploading) {
      return;
    }
    app.uploading = true;
    el.start.disabled = true;
    el.file.disabled = true;
    hideError();
    showUpload(0, file.size);
    const tus = await useTus();
    el.pause.textContent = tus ? 'Pause' : 'Cancel';
    el.pause.disabled = false;
    note(tus ? 'Resumable upload: pause any time, or reload and pick the same file to go on.'
      : 'Single-request upload: cancelling starts over.');
    try {
      const id = await (tus ? tusTransfer(file) : multipartTransfer(file));
      showUpload(file.size, file.size);
      note('Upload complete: ' + file.name);
      history.replaceState(null, '', '?video=' + encodeURIComponent(id) + (wanted() ? '&upload=' + wanted() : ''));
      watch(id);
    } catch (e) {
      showError('Upload: ' + e.message);
      note('');
    } finally {
      app.uploading = false;
      app.transfer = null;
      el.start.disabled = !el.file.files[0];
      el.file.disabled = false;
      el.pause.disabled = true;
      el.pause.textContent = 'Pause';
    }
  }

  function togglePause() {
    const transfer = app.transfer;
    if (!transfer) {
      return;
    }
    if (!transfer.resumable) {
      transfer.pause();
    } else if (el.pause.textContent === 'Pause') {
      transfer.pause();
      el.pause.textContent = 'Resume';
      note('Paused.');
    } else {
      transfer.resume();
      el.pause.textContent = 'Pause';
      note('Resumed.');
    }
  }

  // ---------------------------------------------------------------- live status

  function watch(id) {
    if (app.socket) {
      app.socket.onclose = null;
      app.socket.close();
    }
    stopPlayback();
    app.videoId = id;
    app.finished = false;
    showProgress(0);
    setStatus('connecting', 'Connecting…');
    connect(id, 0);
  }

  function connect(id, failures) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(scheme + '://' + location.host + '/ws/videos/' + encodeURIComponent(id));
    let heard = false;
    app.socket = socket;
    socket.onmessage = (message) => {
      heard = true;
      if (app.videoId === id) {
        handle(JSON.parse(message.data));
      }
    };
    socket.onclose = () => {
      if (app.socket !== socket || app.finished || app.videoId !== id) {
        return;
      }
      const next = heard ? 0 : failures + 1;
      const delay = Math.min(10000, 500 * 2 ** next);
      setStatus('reconnecting', 'Connection lost, reconnecting…');
      if (next >= 2) {
        // the socket keeps failing (a proxy without WebSockets?): the status API still answers
        poll(id);
      }
      setTimeout(() => {
        if (app.videoId === id && !app.finished) {
          connect(id, next);
        }
      }, delay);
    };
  }

  async function poll(id) {
    try {
      const reply = await fetch('/api/v1/videos/' + encodeURIComponent(id));
      if (reply.ok && app.videoId === id && !app.finished) {
        handle({ type: 'snapshot', video: await reply.json() });
      }
    } catch (e) {
      // the next attempt tries again
    }
  }

  function handle(event) {
    switch (event.type) {
      case 'snapshot':
        if (event.video) {
          showState(event.video.status, event.video.attempts, event.video.error,
            event.video.status === 'completed' ? event.video.playlistUrl : null);
          showProgress(event.video.progress);
        } else {
          setStatus('uploading', 'Upload not finished yet');
        }
        break;
      case 'state':
        showState(event.status, event.attempts, event.error, event.playlistUrl);
        break;
      case 'progress':
        showProgress(event.percent);
        listProgress(event.percent);
        break;
      case 'upload':
        if (!app.uploading) {
          showUpload(event.received, event.total);
        }
        break;
      default:
        break;
    }
  }

  function showState(status, attempts, error, playlistUrl) {
    let text = STATUS_TEXT[status] || status;
    if (status === 'active' && attempts > 1) {
      text += ' (attempt ' + attempts + ')';
    }
    if (status === 'waiting' && attempts > 0) {
      text = 'Waiting to try again';
    }
    setStatus(status, text);
    if (status === 'failed') {
      app.finished = true;
      showError(error || 'The video could not be processed.');
    } else if (status === 'completed') {
      app.finished = true;
      showProgress(100);
      if (playlistUrl) {
        play(playlistUrl);
      }
    }
    refreshList();
  }

  function setStatus(status, text) {
    el.status.dataset.status = status;
    el.status.textContent = text;
  }

  function showProgress(percent) {
    const value = Math.max(0, Math.min(100, Number(percent) || 0));
    el.bar.value = value;
    el.bar.textContent = value + ' %';
    el.percent.textContent = value + ' %';
  }

  function showError(text) {
    el.error.textContent = text;
    el.error.hidden = false;
  }

  function hideError() {
    el.error.hidden = true;
    el.error.textContent = '';
  }

  // ---------------------------------------------------------------- playback

  function stopPlayback() {
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

  async function play(url) {
    stopPlayback();
    const video = el.video;
    try {
      if (window.MediaSource || window.ManagedMediaSource) {
        await load('vendor/hls.min.js');
      }
    } catch (e) {
      showError(e.message);
      return;
    }
    const Hls = window.Hls;
    if (Hls && Hls.isSupported()) {
      const hls = new Hls();
      app.hls = hls;
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
          showError('Playback failed: ' + data.details);
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      // Safari plays HLS itself and picks the quality on its own
      video.src = url;
      el.rendition.textContent = 'chosen by the browser';
      video.play().catch(() => { /* the viewer presses play */ });
    } else {
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

  function chooseQuality() {
    if (app.hls) {
      // -1 hands the choice back to hls.js
      app.hls.currentLevel = Number(el.quality.value);
    }
  }

  // ---------------------------------------------------------------- the list

  let listTimer = null;

  async function refreshList() {
    clearTimeout(listTimer);
    try {
      const reply = await fetch('/api/v1/videos?limit=20');
      if (!reply.ok) {
        throw new Error('status ' + reply.status);
      }
      renderList((await reply.json()).items);
    } catch (e) {
      const row = document.createElement('tr');
      const cell = row.insertCell();
      cell.colSpan = 4;
      cell.textContent = 'Could not load the list of videos.';
      el.list.replaceChildren(row);
    }
    // a hidden tab stops polling; showing it again refreshes at once
    listTimer = setTimeout(() => document.hidden || refreshList(), LIST_EVERY_MS);
  }

  /** Keeps the watched video's row in step between two refreshes of the list. */
  function listProgress(percent) {
    const row = app.videoId && el.list.querySelector('tr[data-id="' + CSS.escape(app.videoId) + '"]');
    const badge = row && row.querySelector('.badge.active');
    if (badge) {
      badge.textContent = STATUS_TEXT.active + ' ' + percent + ' %';
    }
  }

  function renderList(items) {
    if (items.length === 0) {
      const row = document.createElement('tr');
      const cell = row.insertCell();
      cell.colSpan = 4;
      cell.textContent = 'No videos yet.';
      el.list.replaceChildren(row);
      return;
    }
    el.list.replaceChildren(...items.map((video) => {
      const row = document.createElement('tr');
      row.dataset.id = video.id;
      const file = row.insertCell();
      file.className = 'file';
      file.textContent = video.filename || video.id;
      const status = row.insertCell();
      const badge = document.createElement('span');
      badge.className = 'badge ' + video.status;
      badge.textContent = (STATUS_TEXT[video.status] || video.status)
        + (video.status === 'active' ? ' ' + video.progress + ' %' : '');
      if (video.status === 'failed' && video.error) {
        badge.title = video.error;
      }
      status.append(badge);
      row.insertCell().textContent = video.createdAt ? new Date(video.createdAt).toLocaleString() : '';
      const action = row.insertCell();
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = video.status === 'completed' ? 'Watch' : 'Follow';
      button.setAttribute('aria-label', button.textContent + ' ' + (video.filename || video.id));
      button.addEventListener('click', () => {
        history.replaceState(null, '', '?video=' + encodeURIComponent(video.id));
        hideError();
        watch(video.id);
      });
      action.append(button);
      return row;
    }));
  }

  // ---------------------------------------------------------------- wiring

  el.file.addEventListener('change', () => {
    el.start.disabled = !el.file.files[0] || app.uploading;
    showUpload(0, 1);
    note(el.file.files[0] ? el.file.files[0].name + ' (' + Math.ceil(el.file.files[0].size / 1024) + ' KiB)' : '');
  });
  el.form.addEventListener('submit', startUpload);
  el.pause.addEventListener('click', togglePause);
  el.quality.addEventListener('change', chooseQuality);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      refreshList();
    }
  });

  const initial = new URLSearchParams(location.search).get('video');
  if (initial) {
    watch(initial);
  }
  refreshList();
})();
