/**
 * A fresh instance, as Cloud Functions 2nd gen starts one: load the built entry (every module it loads at
 * load time), then serve one exported function over HTTP, as the Functions Framework does (express, the raw
 * body kept for signature checks, JSON parsed). bench/firstRequest.ts times this process from spawn to its first
 * answered request. Usage: node coldhost.cjs <entry.js> <exported function> <port>
 */
const express = require('express');

const [entry, target, port] = process.argv.slice(2);
const loaded = require(entry);
const handler = loaded[target];
if (typeof handler !== 'function') {
  process.stderr.write(`coldhost: ${entry} exports no function ${target}\n`);
  process.exit(2);
}
const app = express();
app.use(express.raw({ type: () => true, limit: '10mb' }));
app.use((req, _res, next) => {
  req.rawBody = req.body;
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('json') && Buffer.isBuffer(req.body) && req.body.length > 0) {
    try {
      req.body = JSON.parse(req.body.toString('utf8'));
    } catch {
      req.body = {};
    }
  }
  next();
});
app.use((req, res) => handler(req, res));
app.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
