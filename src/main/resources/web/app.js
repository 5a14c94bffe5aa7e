// Aether's page: upload (tus when the server offers it, else one multipart POST), follow the
// video over the WebSocket /ws/videos/{id}?ticket=, play it (player.js) as soon as it is playable, which
// for a long video is while the rest is still processing. Every request carries the API key,
// asked for once and kept in this browser's localStorage. Plain script, no build step.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const el = {
    form: $('upload-form'), file: $('file'), start: $('start'), pause: $('pause'),
    uploadBar: $('upload-progress'), uploadPercent: $('upload-percent'), uploadNote: $('upload-note'),
    status: $('status'), bar: $('transcode-progress'), percent: $('transcode-percent'), error: $('error'),
    video: $('player'), quality: $('quality'), rendition: $('rendition'), list: $('videos'),
    keyForm: $('key-form'), keyInput: $('api-key'), keyNote: $('key-note'), keyState: $('key-state'),
    forgetKey: $('forget-key'),
  };
  const TUS_CHUNK = 8 * 1024 * 1024;
  const LIST_EVERY_MS = 5000;
  const STATUS_TEXT = {
    waiting: 'Waiting for a worker',
    active: 'Transcoding',
    completed: 'Completed',
    failed: 'Failed',
  };
  // an active video whose first chunk is stored: it plays from the start while the rest is encoded
  const PLAYABLE_TEXT = 'Playing while processing';

  // What the page is doing; exposed for people and tests poking around in the console.
  const app = {
    videoId: null, socket: null, hls: null, finished: false, playable: false, uploading: false, transfer: null,
  };
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

  const player = window.aetherPlayer(el, app, { load, showError });
  app.api = (path, options) => api(path, options);
  const captions = window.aetherCaptions(app);
  // downloads, delete, failed reasons and paging of the list (manage.js)
  const manage = window.aetherManage((path, options) => api(path, options), () => refreshList(), (id) => {
    if (app.videoId === id) {
      player.stop();
      app.finished = true;
      setStatus('deleted', 'Deleted');
    }
  });
  // posters, durations and seek-bar previews (previews.js)
  const previews = window.aetherPreviews(app, { api });

  // ---------------------------------------------------------------- the API key

  const KEY_ITEM = 'aether.apiKey';
  const apiKey = () => localStorage.getItem(KEY_ITEM) || '';
  const authorization = () => ({ Authorization: 'Bearer ' + apiKey() });

  function showKey(message) {
    const known = apiKey() !== '';
    el.keyForm.hidden = known;
    el.keyState.hidden = !known;
    el.keyNote.textContent = message || 'Enter your API key; it is kept in this browser only.';
  }

  /** An API call with the key; a refused key is forgotten and asked for again. */
  async function api(path, options = {}) {
    const reply = await fetch(path, { ...options, headers: { ...(options.headers || {}), ...authorization() } });
    if (reply.status === 401) {
      localStorage.removeItem(KEY_ITEM);
      showKey('That key was refused: enter a valid one.');
    }
    return reply;
  }

  function saveKey(event) {
    event.preventDefault();
    const key = el.keyInput.value.trim();
    if (key === '') {
      return;
    }
    localStorage.setItem(KEY_ITEM, key);
    el.keyInput.value = '';
    showKey();
    refreshList();
  }

  function forgetKey() {
    localStorage.removeItem(KEY_ITEM);
    showKey();
    el.keyInput.focus();
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
      const reply = await api('/files/', { method: 'OPTIONS' });
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
        headers: authorization(),
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
      xhr.setRequestHeader('Authorization', authorization().Authorization);
      xhr.responseType = 'json';
      xhr.upload.onprogress = (e) => e.lengthComputable && showUpload(e.loaded, e.total);
      xhr.onload = () => {
        if (xhr.status === 202 && xhr.response && xhr.response.id) {
          resolve(xhr.response.id);
        } else {
          reject(new Error((xhr.response && (xhr.response.detail || xhr.response.error)) || 'the upload was refused (' + xhr.status + ')'));
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
    if (apiKey() === '') {
      showKey('Enter your API key before uploading.');
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
    player.stop();
    previews.clear();
    app.videoId = id;
    captions.show(id);
    app.finished = false;
    app.playable = false;
    showProgress(0);
    setStatus('connecting', 'Connecting…');
    connect(id, 0);
  }

  /** A short-lived ticket for the socket: the API key itself never goes into a URL. */
  async function ticket(id) {
    try {
      const reply = await api('/api/v1/videos/' + encodeURIComponent(id) + '/ticket', { method: 'POST' });
      return reply.ok ? (await reply.json()).ticket : null;
    } catch (e) {
      return null;
    }
  }

  async function connect(id, failures) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const pass = await ticket(id);
    if (app.videoId !== id || app.finished) {
      return;
    }
    const socket = new WebSocket(scheme + '://' + location.host + '/ws/videos/' + encodeURIComponent(id)
      + '?ticket=' + encodeURIComponent(pass || ''));
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
      const reply = await api('/api/v1/videos/' + encodeURIComponent(id));
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
            event.video.playable ? event.video.playlistUrl : null, event.video.playable);
          showProgress(event.video.progress);
        } else {
          setStatus('uploading', 'Upload not finished yet');
        }
        break;
      case 'state':
        showState(event.status, event.attempts, event.error, event.playlistUrl, event.playable);
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

  function showState(status, attempts, error, playlistUrl, playable) {
    // once playable, a video stays so: later events (a progress step, a retry) do not say it again
    app.playable = app.playable || Boolean(playable) || status === 'completed';
    let text = status === 'active' && app.playable ? PLAYABLE_TEXT : (STATUS_TEXT[status] || status);
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
    }
    // a player already on this video goes on: hls.js finds the ENDLIST on its next playlist reload
    if (playlistUrl && app.playable && status !== 'failed' && !player.playing(playlistUrl)) {
      player.play(playlistUrl);
    }
    if (app.playable && status !== 'failed') {
      previews.show(app.videoId);
    }
    refreshList();
  }

  function setStatus(status, text) {
    el.status.dataset.status = status;
    el.status.dataset.playable = String(app.playable);
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

  // ---------------------------------------------------------------- the list

  let listTimer = null;

  async function refreshList() {
    clearTimeout(listTimer);
    if (apiKey() === '') {
      return; // asked for first; saving it lists
    }
    try {
      const reply = await api(manage.query());
      if (!reply.ok) {
        throw new Error('status ' + reply.status);
      }
      const body = await reply.json();
      if (manage.pager(body)) {
        renderList(body.items);
      }
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
      badge.textContent = activeText(percent, app.playable);
    }
  }

  function activeText(percent, playable) {
    return STATUS_TEXT.active + ' ' + percent + ' %' + (playable ? ', playable' : '');
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
      previews.decorate(file, video);
      const quality = window.aetherQuality.summary(video);
      if (quality) {
        file.append(quality);
      }
      const status = row.insertCell();
      const badge = document.createElement('span');
      badge.className = 'badge ' + video.status;
      badge.textContent = video.status === 'active' ? activeText(video.progress, video.playable)
        : (STATUS_TEXT[video.status] || video.status);
      if (video.status === 'failed' && video.error) {
        badge.title = video.error;
      }
      status.append(badge);
      const why = manage.reason(video);
      if (why) {
        status.append(why);
      }
      row.insertCell().textContent = video.createdAt ? new Date(video.createdAt).toLocaleString() : '';
      const action = row.insertCell();
      const button = document.createElement('button');
      button.type = 'button';
      // a playable video is watched from the start even while it is still processing
      button.textContent = video.playable ? 'Watch' : 'Follow';
      button.setAttribute('aria-label', button.textContent + ' ' + (video.filename || video.id));
      button.addEventListener('click', () => {
        history.replaceState(null, '', '?video=' + encodeURIComponent(video.id));
        hideError();
        watch(video.id);
      });
      action.append(button);
      const files = manage.downloads(video);
      if (files) {
        action.append(files);
      }
      action.append(manage.deleteButton(video, row));
      return row;
    }));
  }

  // ---------------------------------------------------------------- wiring

  el.file.addEventListener('change', () => {
    el.start.disabled = !el.file.files[0] || app.uploading;
    showUpload(0, 1);
    note(el.file.files[0] ? el.file.files[0].name + ' (' + Math.ceil(el.file.files[0].size / 1024) + ' KiB)' : '');
  });
  el.keyForm.addEventListener('submit', saveKey);
  el.forgetKey.addEventListener('click', forgetKey);
  showKey();
  el.form.addEventListener('submit', startUpload);
  el.pause.addEventListener('click', togglePause);
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
