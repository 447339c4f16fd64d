'use strict';
// Loopback SMTP server for tests: `node smtp.js <smtpPort|0> <httpPort|0>`.
// Keeps every received message in memory and serves them over a small HTTP API on 127.0.0.1:
//   GET    /messages    -> [{id, from, to[], subject, text, html, raw, receivedAt}]
//   GET    /messages/count -> {count}: how many were received, without their bodies
//   DELETE /messages    -> forget all messages
//   POST   /smtp/stop   -> close the SMTP listener (and drop open sessions); the HTTP API stays up
//   POST   /smtp/start  -> listen again on the same SMTP port
//   POST   /smtp/refuse?code=451 -> keep listening, but answer every MAIL FROM with that code (4xx or 5xx)
//   POST   /smtp/accept -> take mail again after /smtp/refuse
// Recipients named nosuch-…@ are refused with 550 (no such mailbox), busy-…@ with 450 (mailbox busy), always.
// Prints `READY {"smtpPort":N,"httpPort":M}` on stdout once both listen; exits when stdin closes.
const http = require('node:http');
const crypto = require('node:crypto');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const HOST = '127.0.0.1';
const [smtpPortArg, httpPortArg] = process.argv.slice(2);
if (smtpPortArg === undefined || httpPortArg === undefined) {
  process.stderr.write('usage: node smtp.js <smtpPort|0> <httpPort|0>\n');
  process.exit(2);
}

const messages = [];
let smtpPort = Number(smtpPortArg);
let smtp = null;
// While set, the server is up but refuses mail with this reply code, as a relay in trouble does.
let refuseWith = null;

function createSmtp() {
  return new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    // A stop must take effect at once, not after the default 30 s grace for open sessions.
    closeTimeout: 50,
    onAuth(auth, session, callback) {
      callback(null, { user: auth.username || 'anonymous' });
    },
    onMailFrom(address, session, callback) {
      if (refuseWith === null) {
        callback();
        return;
      }
      const err = new Error(refuseWith < 500 ? 'Service temporarily unavailable, try again later' : 'Mail refused');
      err.responseCode = refuseWith;
      callback(err);
    },
    onRcptTo(address, session, callback) {
      const local = address.address.split('@')[0];
      const code = local.startsWith('nosuch-') ? 550 : local.startsWith('busy-') ? 450 : null;
      if (code === null) {
        callback();
        return;
      }
      const err = new Error(code === 550 ? 'No such mailbox here' : 'Mailbox busy, try again later');
      err.responseCode = code;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const headerFrom = parsed.from && parsed.from.value && parsed.from.value[0];
            messages.push({
              id: crypto.randomUUID(),
              from: (headerFrom && headerFrom.address) || (session.envelope.mailFrom && session.envelope.mailFrom.address) || '',
              // Envelope recipients: they include Bcc and are exactly who the server accepted mail for.
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject || '',
              text: parsed.text === undefined ? null : parsed.text,
              html: typeof parsed.html === 'string' ? parsed.html : null,
              raw: raw.toString('utf8'),
              receivedAt: new Date().toISOString(),
            });
            callback();
          },
          (err) => callback(err));
      });
    },
  });
}

function startSmtp() {
  return new Promise((resolve, reject) => {
    if (smtp) {
      resolve();
      return;
    }
    const server = createSmtp();
    const onError = (err) => reject(err);
    server.server.once('error', onError);
    server.listen(smtpPort, HOST, () => {
      server.server.removeListener('error', onError);
      server.on('error', (err) => process.stderr.write(`smtp error: ${err && err.message}\n`));
      smtpPort = server.server.address().port;
      smtp = server;
      resolve();
    });
  });
}

function stopSmtp() {
  return new Promise((resolve) => {
    const server = smtp;
    if (!server) {
      resolve();
      return;
    }
    smtp = null;
    server.close(() => resolve());
    for (const connection of server.connections) {
      connection.close();
    }
  });
}

function send(res, status, body) {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(json);
}

const api = http.createServer((req, res) => {
  const path = new URL(req.url, `http://${HOST}`).pathname;
  const route = `${req.method} ${path}`;
  const fail = (err) => send(res, 500, { error: String(err && err.message ? err.message : err) });
  switch (route) {
    case 'GET /messages':
      send(res, 200, messages);
      break;
    case 'GET /messages/count':
      send(res, 200, { count: messages.length });
      break;
    case 'DELETE /messages':
      messages.length = 0;
      send(res, 204);
      break;
    case 'POST /smtp/stop':
      stopSmtp().then(() => send(res, 204), fail);
      break;
    case 'POST /smtp/start':
      startSmtp().then(() => send(res, 204), fail);
      break;
    case 'POST /smtp/refuse': {
      const code = Number(new URL(req.url, `http://${HOST}`).searchParams.get('code') || '451');
      if (!Number.isInteger(code) || code < 400 || code > 599) {
        send(res, 400, { error: 'code must be a 4xx or 5xx SMTP reply code' });
        break;
      }
      refuseWith = code;
      send(res, 204);
      break;
    }
    case 'POST /smtp/accept':
      refuseWith = null;
      send(res, 204);
      break;
    default:
      send(res, 404, { error: `no route ${route}` });
  }
});

function listenApi() {
  return new Promise((resolve, reject) => {
    api.once('error', reject);
    api.listen(Number(httpPortArg), HOST, () => {
      api.removeListener('error', reject);
      resolve(api.address().port);
    });
  });
}

Promise.all([startSmtp(), listenApi()]).then(
  ([, httpPort]) => {
    process.stdout.write(`READY ${JSON.stringify({ smtpPort, httpPort })}\n`);
  },
  (err) => {
    process.stderr.write(`smtp server failed to start: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });

function shutdown() {
  stopSmtp().finally(() => process.exit(0));
}
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
