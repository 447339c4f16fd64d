'use strict';
// Loopback S3-compatible server for tests: `node s3.js <port|0> <directory>`.
// Prints `READY {"port":N}` on stdout once listening. Exits when stdin closes, so it never outlives its test run,
// and deletes <directory> on the way out.
const fs = require('node:fs');
const S3rver = require('s3rver');

const [portArg, directory] = process.argv.slice(2);
if (portArg === undefined || !directory) {
  process.stderr.write('usage: node s3.js <port|0> <directory>\n');
  process.exit(2);
}
fs.mkdirSync(directory, { recursive: true });

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(portArg),
  directory,
  silent: true,
  // Clients use path-style URLs; vhost parsing would misread "127.0.0.1" as a bucket host.
  vhostBuckets: false,
});

server.run().then(
  (address) => {
    process.stdout.write(`READY ${JSON.stringify({ port: address.port })}\n`);
  },
  (err) => {
    process.stderr.write(`s3rver failed to start: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  const remove = () => {
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  };
  server.close().then(remove, remove);
  // Keep-alive connections from SDK clients would hold close() open for seconds.
  if (server.httpServer) server.httpServer.closeAllConnections();
}
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
