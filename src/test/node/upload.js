// Uploads one file to a tus endpoint with the real tus-js-client and reports what happens as
// JSON lines on stdout, for the interop test and the upload benchmark.
//
//   node upload.js <endpoint> <file> [chunkSizeBytes]
//   TUS_DELAY_MS=n   waits n ms before each PATCH, so a test can stop the server mid-upload
//   AETHER_KEY=key   the API key sent on every request (Authorization: Bearer)
//
// Exits 0 once the upload succeeded, 1 when tus-js-client gave up.
'use strict';
const fs = require('fs');
const path = require('path');
const tus = require('tus-js-client');

const [endpoint, file, chunkArg] = process.argv.slice(2);
if (!endpoint || !file) {
  process.stderr.write('usage: node upload.js <endpoint> <file> [chunkSizeBytes]\n');
  process.exit(2);
}
const chunkSize = chunkArg ? Number(chunkArg) : Infinity;
const delayMs = Number(process.env.TUS_DELAY_MS || 0);
const started = process.hrtime.bigint();
const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  chunkSize,
  // long enough to outlast a server restart plus the dead server's upload lock
  retryDelays: [0, 500, 1000, 2000, 3000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000],
  metadata: { filename: path.basename(file), filetype: process.env.TUS_FILETYPE || 'video/mp4' },
  storeFingerprintForResuming: false,
  headers: process.env.AETHER_KEY ? { Authorization: `Bearer ${process.env.AETHER_KEY}` } : {},
  onBeforeRequest(req) {
    if (delayMs > 0 && req.getMethod() === 'PATCH') {
      return new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    return undefined;
  },
  onUploadUrlAvailable() {
    emit({ event: 'url', url: upload.url });
  },
  onChunkComplete(size, accepted, total) {
    emit({ event: 'chunk', accepted, total });
  },
  onShouldRetry(err, attempt) {
    // the library's own rule: network errors, 5xx, 409 and 423 are worth another try
    const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
    const retry = status === 0 || status >= 500 || status === 409 || status === 423;
    emit({ event: 'retry', attempt, status, retry, message: String(err.message).slice(0, 300) });
    return retry;
  },
  onError(err) {
    emit({ event: 'error', message: String(err.message || err).slice(0, 1000) });
    process.exit(1);
  },
  onSuccess() {
    emit({ event: 'success', url: upload.url, ms: elapsedMs(), bytes: fs.statSync(file).size });
  },
});
upload.start();
