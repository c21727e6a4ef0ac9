import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusConnection } from '../../src/bus/busConnection';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { setLogWriter } from '../../src/log/logger';
import { startSimulatedBank, type SimulatedBank } from '../../src/sim/simulatedBank';
import { startStatusServer, type StatusServer } from '../../src/status/statusServer';
import type { BatteryStatus, StatusSnapshot } from '../../src/status/statusSnapshot';
import { eventually, getValue, listNames, recordItemsChanged } from '../helpers/busClient';
import { freePort } from '../helpers/freePort';
import { exited, spawnCli } from '../helpers/processes';

/**
 * The status page's server under abuse: raw sockets and `http.request` against it on 127.0.0.1, with a plain
 * data source whose snapshot changes on demand. Every answer is waited for as an event (never a timed
 * assertion); the limits are made small through the server's options so that each is reached quickly.
 */

const HOST = '127.0.0.1';
const ASSETS = { html: '<!doctype html><title>bank</title>', js: 'console.log("app")', css: 'body{margin:0}' };
/** Small limits and timeouts, so that each is reached in well under a second. */
const LIMITS = {
  maxClients: 8,
  maxConnections: 32,
  maxBufferedBytes: 16 * 1024,
  pushIntervalMs: 20,
  headersTimeoutMs: 400,
  requestTimeoutMs: 800,
  keepAliveTimeoutMs: 400,
  idleTimeoutMs: 1000, // the live clients' keepalive comes every 15 x 20 ms
  connectionsCheckingIntervalMs: 100,
};

interface Reply {
  readonly raw: string;
  readonly status: number | null;
  /** The server ended or reset the connection (as opposed to our own deadline). */
  readonly closed: boolean;
}

/** Writes `text` on a fresh socket and collects everything until the server closes it (or `untilMs` runs out). */
function exchange(port: number, text: string | Buffer, untilMs = 10000): Promise<Reply> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    const chunks: Buffer[] = [];
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
      resolve({ raw, status: match ? Number(match[1]) : null, closed });
    };
    const timer = setTimeout(() => done(false), untilMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => done(true));
    socket.on('close', () => done(true));
    socket.write(text);
  });
}

const get = (path: string, method = 'GET') => `${method} ${path} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`;

/** One request by `http.request`, body read in full. */
function fetchText(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A live client: counts the `status` events it has received. */
interface LiveClient {
  readonly status: number;
  events(): number;
  close(): void;
}

function openLive(port: number): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path: '/events', agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
      let events = 0;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const parts = text.split('\n\n');
        text = parts.pop() ?? '';
        events += parts.filter((part) => part.includes('event: status')).length;
      });
      res.on('error', () => undefined);
      resolve({ status: res.statusCode ?? 0, events: () => events, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

const noCors = (raw: string) => !/^access-control-/im.test(raw);

describe('the status server under bad, oversized, slow and too many requests', () => {
  let server: StatusServer;
  let port: number;
  let version = 0;
  /** Grows when a test needs big events (the unread-client test). */
  let padding = '';
  /** Set to make the data source throw, as a bug in the snapshot would. */
  let failing = false;
  const statusText = () => failing ? assert.fail('the snapshot failed') : JSON.stringify({ bank: { voltage: 53.2 }, batteries: [{ service: 'com.victronenergy.battery.c1' }], version, padding });

  before(async () => {
    server = await startStatusServer({ host: HOST, port: 0, assets: ASSETS, status: statusText, history: () => '{"t":[]}', limits: LIMITS });
    port = server.port;
  });

  after(async () => {
    await server?.close();
  });

  test('GET answers the fixed routes with the security headers and no CORS; HEAD the same headers and no body', async () => {
    for (const [path, type, body] of [
      ['/', 'text/html', ASSETS.html],
      ['/index.html', 'text/html', ASSETS.html],
      ['/app.js', 'text/javascript', ASSETS.js],
      ['/app.css', 'text/css', ASSETS.css],
      ['/status.json', 'application/json', statusText()],
      ['/history.json', 'application/json', '{"t":[]}'],
    ] as const) {
      const got = await fetchText(port, path);
      assert.equal(got.status, 200, path);
      assert.equal(got.body, body, path);
      assert.ok(got.headers['content-type']?.startsWith(type), path);
      assert.match(String(got.headers['content-security-policy']), /default-src 'self'/);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      assert.ok(!Object.keys(got.headers).some((name) => name.startsWith('access-control-')), path);
      const head = await exchange(port, get(path, 'HEAD'));
      assert.equal(head.status, 200, `HEAD ${path}`);
      const [headers, rest] = head.raw.split('\r\n\r\n');
      assert.equal(rest, '', `HEAD ${path} has no body`);
      assert.match(headers!, new RegExp(`content-length: ${Buffer.byteLength(body)}`, 'i'), `HEAD ${path} announces the GET's length`);
    }
  });

  test('every other method gets 405 with Allow, without its body being waited for', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE']) {
      // a body announced and never sent: the answer must not wait for it
      const reply = await exchange(port, `${method} /status.json HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 100000000\r\n\r\n`);
      assert.equal(reply.status, 405, method);
      assert.match(reply.raw, /\r\nAllow: GET, HEAD\r\n/i, method);
      assert.ok(reply.closed, `${method}: the connection is closed, the body never read`);
      assert.ok(noCors(reply.raw), method);
    }
    const connectReply = await exchange(port, `CONNECT ${HOST}:22 HTTP/1.1\r\nHost: ${HOST}:22\r\n\r\n`);
    assert.equal(connectReply.status, 405, 'CONNECT');
    assert.match(connectReply.raw, /\r\nAllow: GET, HEAD\r\n/i);
    assert.ok(connectReply.closed, 'CONNECT: closed, never tunnelled');
    // Expect: 100-continue would invite the body: the answer comes without it
    const expecting = await exchange(port, `PUT /status.json HTTP/1.1\r\nHost: ${HOST}\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n`);
    assert.equal(expecting.status, 405, expecting.raw.slice(0, 40));
    assert.ok(!expecting.raw.includes('100 Continue'));
    const viaClient = await fetchText(port, '/status.json', 'POST');
    assert.equal(viaClient.status, 405);
    assert.equal(viaClient.headers.allow, 'GET, HEAD');
  });

  test('an upgrade (WebSocket) request is served as a plain GET, never switched', async () => {
    const reply = await exchange(port, `GET /status.json HTTP/1.1\r\nHost: ${HOST}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
    assert.notEqual(reply.status, 101);
    assert.ok(reply.status === 200 || reply.status === 400 || (reply.status === null && reply.closed), `got ${reply.raw.slice(0, 40)}`);
  });

  test('unknown paths and traversal get 404 and never any file content; a query string on a known route is ignored', async () => {
    for (const path of ['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd', '/status.json/..', '/status.json/', '/etc/passwd', '/..%2fapp.js', '/%00', '/index.html%00.js', 'http://example.com/../../etc/passwd', '*', '/app.js#x', '/APP.JS', '/events/..']) {
      const reply = await exchange(port, get(path));
      assert.equal(reply.status, 404, path);
      assert.ok(!/root:|\[boot loader\]/.test(reply.raw), `${path}: no file content`);
      assert.ok(reply.raw.endsWith('not found\n'), `${path}: only the 404 text`);
      assert.ok(noCors(reply.raw), path);
    }
    // query strings: the route decides, the query is never read (the page may add one to defeat a cache)
    for (const [path, body] of [
      ['/app.js?x=../../', ASSETS.js],
      ['/app.js?../../etc/passwd', ASSETS.js],
      ['/status.json?x=1', statusText()],
      ['/?', ASSETS.html],
    ] as const) {
      const got = await fetchText(port, path);
      assert.equal(got.status, 200, path);
      assert.equal(got.body, body, path);
    }
  });

  test('a 3000-byte URL gets 414, a 20 KiB header 431, a malformed request 400 or a closed socket', async () => {
    const long = await exchange(port, get(`/status.json?${'a'.repeat(3000)}`));
    assert.equal(long.status, 414);
    assert.ok(noCors(long.raw));
    const longPath = await exchange(port, get(`/${'a'.repeat(3000)}`));
    assert.equal(longPath.status, 414);
    const header = await exchange(port, `GET /status.json HTTP/1.1\r\nHost: ${HOST}\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`);
    assert.equal(header.status, 431);
    assert.ok(header.closed);
    const manyHeaders = await exchange(port, `GET / HTTP/1.1\r\nHost: ${HOST}\r\n${Array.from({ length: 2000 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n`);
    assert.ok(manyHeaders.status === 431 || manyHeaders.status === 400, `got ${manyHeaders.raw.slice(0, 40)}`);
    for (const bad of ['GARBAGE\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n', 'GET / HTTP/1.1\r\nBad Header\r\n\r\n', '\x00\x01\x02\x03\r\n\r\n', 'GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n']) {
      const reply = await exchange(port, bad);
      assert.ok(reply.closed, JSON.stringify(bad));
      assert.ok(reply.status === 400 || reply.status === 505 || reply.status === null, `${JSON.stringify(bad)}: ${reply.raw.slice(0, 40)}`);
      assert.ok(noCors(reply.raw));
    }
  });

  test('two pipelined requests are both answered; a thousand in one write are cut off after the first few', async () => {
    const two = await exchange(port, `${get('/app.css').replace('Connection: close\r\n', '')}${get('/app.js')}`);
    assert.equal(two.raw.match(/HTTP\/1\.1 200 /g)?.length, 2, two.raw.slice(0, 80));
    assert.ok(two.raw.endsWith(ASSETS.js));
    // Node would parse the whole chunk and queue a thousand answers in memory, holding the event loop meanwhile
    const many = await exchange(port, `GET /status.json HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`.repeat(1000));
    assert.ok(many.closed, 'closed by the server');
    const answered = many.raw.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    assert.ok(answered <= 3, `${answered} answers`);
  });

  test('clients that never read their answer cannot hold the sockets: the idle timeout frees them', async () => {
    // an answer bigger than the loopback's buffers, and room for two sockets: both held by clients not reading
    const big = await startStatusServer({ host: HOST, port: 0, assets: { ...ASSETS, html: 'h'.repeat(16 * 1024 * 1024) }, status: statusText, history: () => '{}', limits: { ...LIMITS, maxConnections: 2, idleTimeoutMs: 500 } });
    const stalled: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = connect(big.port, HOST);
        socket.on('error', () => undefined);
        socket.pause();
        socket.write(`GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
        stalled.push(socket);
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      }
      const got = await eventually(async () => {
        const reply = await exchange(big.port, get('/app.css'), 5000);
        return reply.status === 200 ? reply : undefined;
      }, 20000, 'an answer once the stalled sockets are cut');
      assert.ok(got.raw.endsWith(ASSETS.css));
    } finally {
      for (const socket of stalled) socket.destroy();
      await big.close();
    }
  });

  test('a GET whose announced body never comes is answered, then closed by the request timeout', async () => {
    const reply = await exchange(port, `GET /status.json HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 100000000\r\n\r\n`, 20000);
    assert.equal(reply.status, 200);
    assert.ok(reply.closed, 'closed by the server');
  });

  test('a throwing data source costs one 500, never the process; the live clients keep their place', async () => {
    const client = await openLive(port);
    try {
      await eventually(() => (client.events() >= 1 ? true : undefined), 10000, 'a first event');
      failing = true;
      version++;
      const reply = await fetchText(port, '/status.json');
      assert.equal(reply.status, 500);
      assert.equal(reply.body, 'internal error\n');
      const live = await fetchText(port, '/events');
      assert.equal(live.status, 500);
      failing = false;
      const seen = client.events();
      version++;
      await eventually(() => (client.events() > seen ? true : undefined), 10000, 'events again once the source recovers');
      assert.equal((await fetchText(port, '/status.json')).status, 200);
    } finally {
      failing = false;
      client.close();
    }
    await eventually(() => (server.clients() === 0 ? true : undefined), 10000, 'the client gone');
  });

  test('a live client outlives the request, headers and keep-alive timeouts', async () => {
    const client = await openLive(port);
    const bumping = setInterval(() => version++, 20);
    try {
      // 150 changes x 20 ms: well past every timeout (at most 800 ms here), with the connection still live
      await eventually(() => (client.events() >= 150 ? true : undefined), 30000, '150 events on one connection');
      assert.equal(server.clients(), 1);
    } finally {
      clearInterval(bumping);
      client.close();
    }
    await eventually(() => (server.clients() === 0 ? true : undefined), 10000, 'the client gone');
  });

  test('a client that sends its request line byte by byte, slower than the headers timeout, is cut off', async () => {
    const socket = connect(port, HOST);
    const text = get('/status.json');
    let sent = 0;
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // one byte per 150 ms: the request needs about 10 s, the headers timeout is 400 ms
    const dribble = setInterval(() => {
      if (sent < text.length && !socket.destroyed) socket.write(text[sent++]!);
    }, 150);
    try {
      await closed;
    } finally {
      clearInterval(dribble);
    }
    assert.ok(sent < text.length, `cut off after ${sent} of ${text.length} bytes`);
    assert.ok(!received.includes('"version"'), 'nothing served');
  });

  test('a socket that connects and sends nothing is closed in the end', async () => {
    const reply = await exchange(port, '', 20000);
    assert.ok(reply.closed, 'the idle socket was closed by the server');
  });

  test('40 idle sockets: those beyond maxConnections are closed at once, and the server answers again once they go', async () => {
    const sockets: Socket[] = [];
    const closed = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const socket = connect(port, HOST);
      socket.on('error', () => undefined);
      socket.on('close', () => closed.add(i));
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    }
    try {
      await eventually(() => (closed.size >= 8 ? true : undefined), 10000, 'the sockets beyond 32 to be closed');
      assert.ok([...closed].every((i) => i >= 32) || closed.size === 40, `the first 32 were kept while new ones came: ${[...closed].sort((a, b) => a - b).join(',')}`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    const after = await eventually(async () => {
      const got = await fetchText(port, '/status.json').catch(() => undefined);
      return got?.status === 200 ? got : undefined;
    }, 10000, 'an answer once the idle sockets are gone');
    assert.equal(after.body, statusText());
  });

  test('9 live clients: the 9th gets 503, the 8 keep receiving events; a closed one frees its place', async () => {
    const clients: LiveClient[] = [];
    try {
      for (let i = 0; i < 8; i++) clients.push(await openLive(port));
      assert.deepEqual(clients.map((c) => c.status), Array(8).fill(200));
      await eventually(() => (server.clients() === 8 ? true : undefined), 10000, '8 live clients');
      const ninth = await fetchText(port, '/events');
      assert.equal(ninth.status, 503);
      assert.equal(ninth.headers['retry-after'], '10');
      assert.ok(!Object.keys(ninth.headers).some((name) => name.startsWith('access-control-')));
      const before = clients.map((c) => c.events());
      version++;
      await eventually(() => (clients.every((c, i) => c.events() > before[i]!) ? true : undefined), 10000, 'every live client to receive the change');
      clients.pop()!.close();
      await eventually(() => (server.clients() === 7 ? true : undefined), 10000, 'the closed client to be dropped');
      const again = await openLive(port);
      clients.push(again);
      assert.equal(again.status, 200);
      await eventually(() => (again.events() >= 1 ? true : undefined), 10000, 'the first event on the freed place');
    } finally {
      for (const client of clients) client.close();
    }
    await eventually(() => (server.clients() === 0 ? true : undefined), 10000, 'all live clients gone');
  });

  test('HEAD /events answers the stream headers and no body, and takes no place', async () => {
    const head = await exchange(port, get('/events', 'HEAD'));
    assert.equal(head.status, 200);
    assert.match(head.raw, /content-type: text\/event-stream/i);
    assert.equal(head.raw.split('\r\n\r\n')[1], '');
    assert.equal(server.clients(), 0);
  });

  test('a live client that never reads is cut off once its unsent output passes the bound; the others go on', async () => {
    const reader = await openLive(port);
    const stalled = connect(port, HOST);
    stalled.on('error', () => undefined);
    stalled.write(get('/events'));
    stalled.pause(); // never reads: the kernel's buffers fill, then the server's
    try {
      await eventually(() => (server.clients() === 2 ? true : undefined), 10000, 'both live clients');
      padding = 'p'.repeat(64 * 1024);
      // each change is one 64 KiB event; the loopback buffers hold a few MB before the server's own fills
      const bumping = setInterval(() => version++, 10);
      try {
        await eventually(() => (server.clients() === 1 ? true : undefined), 60000, 'the stalled client to be cut off');
      } finally {
        clearInterval(bumping);
      }
      const seen = reader.events();
      version++;
      await eventually(() => (reader.events() > seen ? true : undefined), 10000, 'the reading client to go on receiving');
    } finally {
      padding = '';
      reader.close();
      stalled.destroy();
    }
  });

  test('/status.json still answers correctly after all of it', async () => {
    const got = await fetchText(port, '/status.json');
    assert.equal(got.status, 200);
    assert.deepEqual(JSON.parse(got.body), JSON.parse(statusText()));
    await eventually(() => (server.clients() === 0 ? true : undefined), 10000, 'no live client left');
  });
});

const AGGREGATE = 'com.victronenergy.battery.aggregator';

/** Readings tick with the simulator between two reads; who a battery is, its role and its limits do not. */
const settled = (b: BatteryStatus) => ({ service: b.service, name: b.name, role: b.role, ccl: b.ccl, dcl: b.dcl, cvl: b.cvl, assumedShare: b.assumedShare, readings: [b.voltage, b.current, b.soc].map((v) => v === null) });

/**
 * The same abuse against the daemon as deployed (a child process with `statusPage` on, default limits) on a
 * private bus with three simulated packs: its outputs on the bus go on updating through it all.
 */
describe('the daemon\'s status page under a burst of bad requests and too many clients', () => {
  let bus: PrivateBus;
  let bank: SimulatedBank;
  let client: BusConnection;
  let daemon: ReturnType<typeof spawnCli>;
  let dir: string;
  let config: string;
  let port: number;
  let restoreLog: (line: string) => void;

  const snapshot = async () => JSON.parse((await fetchText(port, '/status.json')).body) as StatusSnapshot;

  before(async () => {
    restoreLog = setLogWriter(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-status-fuzz-'));
    port = await freePort();
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ statusPage: { listen: `${HOST}:${port}` } }));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    bank = await startSimulatedBank({ address: bus.address, count: 3, capacityAh: [100, 200, 280], intervalMs: 250, timeScale: 60, seed: 3 });
    daemon = spawnCli([config, '--bus', bus.address]);
    await eventually(async () => ((await listNames(client)).includes(AGGREGATE) ? true : undefined), 20000, `the daemon on the bus: ${daemon.errors()}`);
    await eventually(async () => ((await snapshot()).batteries.filter((b) => b.role === 'aggregated').length === 3 ? true : undefined), 20000, 'the page with 3 aggregated packs');
  });

  after(async () => {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await exited(daemon, 10000).catch(() => daemon.kill('SIGKILL'));
    }
    await bank?.stop();
    client?.close();
    await bus?.stop();
    rmSync(dir, { recursive: true, force: true });
    setLogWriter(restoreLog);
  });

  test('bad requests, 40 idle sockets and 9 live clients: each answered or cut off, /Dc/0/Voltage and /Info/MaxChargeCurrent still updating', async () => {
    const changes = await recordItemsChanged(client, AGGREGATE);
    const updates = (path: string) => changes.batches.filter((b) => b.items.has(path)).length;
    const ccl = async () => (await getValue(client, AGGREGATE, '/Info/MaxChargeCurrent')).value as number;
    const live: LiveClient[] = [];
    const idle: Socket[] = [];
    try {
      const cclBefore = await ccl();
      const voltageBefore = updates('/Dc/0/Voltage');
      const replies = await Promise.all([
        ...['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'].map((m) => exchange(port, `${m} / HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 100000000\r\n\r\n`)),
        exchange(port, `CONNECT ${HOST}:22 HTTP/1.1\r\nHost: ${HOST}:22\r\n\r\n`),
        ...['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd', '/status.json/..'].map((path) => exchange(port, get(path))),
        exchange(port, get(`/${'a'.repeat(3000)}`)),
        exchange(port, `GET / HTTP/1.1\r\nHost: ${HOST}\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`),
        exchange(port, 'GARBAGE\r\n\r\n'),
      ]);
      assert.deepEqual(replies.map((r) => r.status), [405, 405, 405, 405, 405, 405, 405, 404, 404, 404, 404, 414, 431, 400]);
      assert.ok(replies.every((r) => r.closed || r.status === 404), 'refused requests closed');
      assert.ok(replies.every((r) => noCors(r.raw) && !r.raw.includes('root:')));

      // the bank's CCL moves while the page is under load: one pack leaves the bus
      await bank.dropBattery(2);
      for (let i = 0; i < 40; i++) {
        const socket = connect(port, HOST);
        socket.on('error', () => undefined);
        idle.push(socket);
      }
      await eventually(() => (idle.filter((s) => s.destroyed || s.closed).length >= 8 ? true : undefined), 20000, 'the sockets beyond 32 closed');
      for (const socket of idle) socket.destroy();
      const cclWithout = await eventually(async () => {
        const value = await ccl();
        return value !== cclBefore ? value : undefined;
      }, 20000, 'the aggregate CCL to follow the pack leaving');
      await eventually(async () => ((await snapshot()).bank.ccl.value === cclWithout ? true : undefined), 20000, 'the page showing the new CCL');

      for (let i = 0; i < 8; i++) {
        live.push(await eventually(() => openLive(port).then((c) => (c.status === 200 ? c : (c.close(), undefined))), 20000, `live client ${i + 1}`));
      }
      const ninth = await fetchText(port, '/events');
      assert.equal(ninth.status, 503);
      await bank.restoreBattery(2);
      await eventually(async () => ((await ccl()) === cclBefore ? true : undefined), 20000, 'the CCL back with the pack');
      const seen = live.map((c) => c.events());
      await eventually(() => (live.every((c, i) => c.events() > seen[i]!) ? true : undefined), 20000, 'every live client receiving updates');
      await eventually(() => (updates('/Dc/0/Voltage') >= voltageBefore + 5 ? true : undefined), 20000, 'the aggregate voltage updating on the bus');
      assert.ok(updates('/Info/MaxChargeCurrent') >= 2, 'the CCL published on each change');
      assert.equal(daemon.exitCode, null, 'the daemon still runs');
    } finally {
      changes.stop();
      for (const c of live) c.close();
      for (const socket of idle) socket.destroy();
    }
  });

  test('/status.json equals `status --json` for the batteries list (and the bank\'s limits)', async () => {
    const child = spawnCli(['status', config, '--bus', bus.address, '--json']);
    assert.equal(await exited(child, 30000), 0, child.errors());
    const cli = JSON.parse(child.output()) as StatusSnapshot;
    const page = await snapshot();
    assert.deepEqual(page.batteries.map(settled), cli.batteries.map(settled));
    assert.equal(page.batteries.length, 3);
    assert.deepEqual([page.service, page.bank.ccl, page.bank.dcl, page.bank.cvl], [cli.service, cli.bank.ccl, cli.bank.dcl, cli.bank.cvl]);
  });
});
