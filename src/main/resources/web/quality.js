// The measured quality of each rung of a video, for its row in the list (kept apart from app.js,
// which calls it): VMAF mean and 5th percentile when measured, else PSNR with why there is no VMAF.
'use strict';

window.aetherQuality = (() => {
  function line(rung) {
    const q = rung.quality;
    if (!q) {
      return null;
    }
    let text = rung.name + ': ';
    if (q.vmaf) {
      text += 'VMAF ' + q.vmaf.mean.toFixed(1) + ' (5 % below ' + q.vmaf.p5.toFixed(1) + ')';
    } else if (q.psnr !== null) {
      text += 'PSNR ' + q.psnr.toFixed(1) + ' dB, no VMAF';
    } else {
      text += 'not measured';
    }
    const item = document.createElement('li');
    item.textContent = text;
    item.dataset.rung = rung.name;
    // the reason and the sampling on hover: a figure never comes without how it was made
    item.title = (q.vmafUnavailable ? q.vmafUnavailable + '; ' : '') + q.frames + ' frames scored, every '
      + q.sampleEvery + (q.vmaf ? 'th; model ' + q.vmaf.model : 'th');
    return item;
  }

  /** A small list of the rungs' quality, or null while none is measured. */
  function summary(video) {
    const items = (video.renditions || []).map(line).filter((item) => item !== null);
    if (items.length === 0) {
      return null;
    }
    const list = document.createElement('ul');
    list.className = 'rung-quality';
    list.append(...items);
    return list;
  }

  return { summary };
})();
