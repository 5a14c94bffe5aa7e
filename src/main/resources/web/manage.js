// The list's management (kept apart from app.js, which calls it): a failed video's reason, download
// links and requests, a delete that asks first, and paging through the owner's videos.
'use strict';

window.aetherManage = (api, refresh, deleted) => {
  const PAGE = 20;
  let offset = 0;
  const pagerEl = document.getElementById('pager');

  // ---------------------------------------------------------------- paging

  /** The list API's address for the page shown. */
  function query() {
    return '/api/v1/videos?limit=' + PAGE + '&offset=' + offset;
  }

  /** Previous/next under the list; a page emptied by deletes steps back. */
  function pager(body) {
    if (body.items.length === 0 && offset > 0 && body.total > 0) {
      offset = Math.max(0, Math.floor((body.total - 1) / PAGE) * PAGE);
      refresh();
      return false;
    }
    const previous = button('Previous', offset === 0, () => { offset = Math.max(0, offset - PAGE); refresh(); });
    const next = button('Next', offset + body.items.length >= body.total, () => { offset += PAGE; refresh(); });
    previous.id = 'page-previous';
    next.id = 'page-next';
    const where = document.createElement('span');
    where.id = 'page-where';
    where.textContent = body.total === 0 ? '' : (offset + 1) + '–' + (offset + body.items.length) + ' of ' + body.total;
    pagerEl.replaceChildren(previous, where, next);
    return true;
  }

  function button(text, disabled, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.disabled = disabled;
    b.addEventListener('click', onClick);
    return b;
  }

  // ---------------------------------------------------------------- a failed video's reason

  function reason(video) {
    if (video.status !== 'failed' || !video.error) {
      return null;
    }
    const p = document.createElement('p');
    p.className = 'reason';
    p.textContent = video.error;
    return p;
  }

  // ---------------------------------------------------------------- downloads

  const KINDS = [['highest', 'MP4'], ['audio', 'Audio (M4A)']];

  /** A link per ready download, a button to ask for one not asked yet, the state of the others. */
  function downloads(video) {
    if (video.status !== 'completed') {
      return null;
    }
    const box = document.createElement('span');
    box.className = 'downloads';
    const name = video.filename || video.id;
    const asked = new Map((video.downloads || []).map((d) => [d.rendition, d]));
    for (const [rendition, label] of KINDS) {
      const d = asked.get(rendition);
      if (d && d.status === 'ready' && d.url) {
        const a = document.createElement('a');
        a.href = d.url;
        a.className = 'download';
        a.dataset.rendition = rendition;
        a.textContent = label;
        a.setAttribute('aria-label', 'Download ' + label + ' of ' + name);
        box.append(a);
      } else if (d && d.status !== 'failed') {
        const s = document.createElement('span');
        s.className = 'note';
        s.textContent = label + ': preparing…';
        box.append(s);
      } else {
        const b = button((d ? 'Retry ' : 'Make ') + label, false, () => request(video.id, rendition, b));
        b.dataset.rendition = rendition;
        b.title = d && d.reason ? d.reason : '';
        b.setAttribute('aria-label', b.textContent + ' of ' + name);
        box.append(b);
      }
    }
    return box;
  }

  async function request(id, rendition, b) {
    b.disabled = true;
    const reply = await api('/api/v1/videos/' + encodeURIComponent(id) + '/downloads', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rendition }),
    });
    if (!reply.ok) {
      const problem = await reply.json().catch(() => ({}));
      b.title = problem.detail || ('refused (' + reply.status + ')');
      b.textContent = 'Not available';
      return;
    }
    refresh();
  }

  // ---------------------------------------------------------------- delete

  function deleteButton(video, row) {
    const name = video.filename || video.id;
    const b = button('Delete', false, async () => {
      if (!window.confirm('Delete "' + name + '" and everything made from it? This cannot be undone.')) {
        return;
      }
      b.disabled = true;
      const reply = await api('/api/v1/videos/' + encodeURIComponent(video.id), { method: 'DELETE' });
      if (reply.status === 204 || reply.status === 404) {
        row.remove();
        deleted(video.id);
        refresh();
      } else {
        b.disabled = false;
        b.title = 'could not delete (' + reply.status + ')';
      }
    });
    b.className = 'delete';
    b.setAttribute('aria-label', 'Delete ' + name);
    return b;
  }

  return { query, pager, reason, downloads, deleteButton };
};
