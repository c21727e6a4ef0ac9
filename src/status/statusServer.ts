import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PageAssets } from './pageAssets';

/**
 * The status page's HTTP side, read-only and small on purpose: GET and HEAD on a fixed set of routes served
 * from memory (no file system, so no path to traverse), bounded live clients, and every slow or oversized
 * request cut off by Node's own limits. It runs in the daemon that controls the chargers: nothing a browser
 * (or anything else on the LAN) sends may hold memory or time for long.
 */

export interface StatusServerOptions {
  readonly host: string;
  readonly port: number;
  readonly assets: PageAssets;
  /** The snapshot as JSON text; called per `/status.json` and, with live clients, once per push interval. */
  readonly status: () => string;
  /** The plots' series as JSON text. */
  readonly history: () => string;
  readonly limits?: Partial<StatusServerLimits>;
}

export interface StatusServerLimits {
  /** Live (`/events`) clients at once; one more gets 503. */
  readonly maxClients: number;
  /** Sockets at once (Node closes any beyond). */
  readonly maxConnections: number;
  /** Longest request target; longer gets 414 (headers beyond maxHeaderSize get Node's 431). */
  readonly maxUrlLength: number;
  readonly maxHeaderSize: number;
  /** A live client whose unsent output grows past this is not reading: it is cut off. */
  readonly maxBufferedBytes: number;
  /** At most one update per interval, and none when nothing changed. */
  readonly pushIntervalMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /**
   * A socket with no progress either way this long is closed: a client that never reads its answer would
   * otherwise hold it (and the unsent answer) for ever. Longer than the live clients' keepalive comments.
   */
  readonly idleTimeoutMs: number;
  /** How often Node enforces headersTimeout and requestTimeout (its own default is 30 s). */
  readonly connectionsCheckingIntervalMs: number;
}

export const STATUS_SERVER_LIMITS: StatusServerLimits = {
  maxClients: 8,
  maxConnections: 32,
  maxUrlLength: 1024,
  maxHeaderSize: 8192,
  maxBufferedBytes: 256 * 1024,
  pushIntervalMs: 1000,
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10000,
  keepAliveTimeoutMs: 5000,
  idleTimeoutMs: 60000,
  connectionsCheckingIntervalMs: 1000,
};

/** Sent with every answer: only the page's own files run, it cannot be framed, and types are never guessed. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

const ALLOWED = 'GET, HEAD';
/** Comment lines keep idle live connections open through proxies and tell a dead one apart. */
const KEEPALIVE_EVERY = 15;
/**
 * Requests pipelined behind an answer still unsent, per socket. Node parses a whole received chunk at once
 * (a 64 KB chunk holds ~2000 requests) and queues every answer in memory: a client that pipelines and never
 * reads would otherwise hold ~100 MB and the event loop for seconds. Browsers do not pipeline.
 */
const MAX_PIPELINED = 2;

export interface StatusServer {
  readonly address: string;
  readonly port: number;
  /** Live clients connected now. */
  clients(): number;
  close(): Promise<void>;
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const limits = { ...STATUS_SERVER_LIMITS, ...options.limits };
  const routes = new Map<string, { type: string; body: () => string }>([
    ['/', { type: 'text/html; charset=utf-8', body: () => options.assets.html }],
    ['/index.html', { type: 'text/html; charset=utf-8', body: () => options.assets.html }],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: () => options.assets.js }],
    ['/app.css', { type: 'text/css; charset=utf-8', body: () => options.assets.css }],
    ['/status.json', { type: 'application/json; charset=utf-8', body: options.status }],
    ['/history.json', { type: 'application/json; charset=utf-8', body: options.history }],
  ]);
  const live = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  let last = '';
  let ticks = 0;

  const drop = (res: ServerResponse) => {
    live.delete(res);
    if (live.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
  /** Writes to a live client, or cuts it off when it has stopped reading. */
  const send = (res: ServerResponse, text: string) => {
    if (res.writableLength > limits.maxBufferedBytes) {
      drop(res);
      res.destroy();
      return;
    }
    res.write(text);
  };
  const push = () => {
    ticks++;
    let status: string;
    try {
      status = options.status();
    } catch {
      return; // the next tick tries again; the clients keep their last snapshot
    }
    if (status !== last) {
      last = status;
      for (const res of [...live]) send(res, `event: status\ndata: ${status}\n\n`);
    } else if (ticks % KEEPALIVE_EVERY === 0) {
      for (const res of [...live]) send(res, ': keepalive\n\n');
    }
  };

  const answer = (res: ServerResponse, code: number, headers: Record<string, string> = {}, body = '') => {
    res.writeHead(code, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };

  /** The data source runs in the daemon: a throw in it must cost one answer, never the process. */
  const queued = new WeakMap<Socket, number>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (socket.destroyed) return;
    if (res.socket === null) {
      // queued behind an answer not yet handed to the socket
      const depth = (queued.get(socket) ?? 0) + 1;
      if (depth > MAX_PIPELINED) return socket.destroy();
      queued.set(socket, depth);
      res.once('close', () => queued.set(socket, (queued.get(socket) ?? 1) - 1));
    }
    try {
      serve(req, res);
    } catch {
      if (res.headersSent) res.destroy();
      else answer(res, 500, { Connection: 'close' }, 'internal error\n');
    }
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.length > limits.maxUrlLength) return answer(res, 414, { Connection: 'close' }, 'URI too long\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, { Allow: ALLOWED, Connection: 'close' }, 'only GET and HEAD\n');
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (path === '/events') return openEvents(req, res);
    const route = routes.get(path);
    if (route === undefined) return answer(res, 404, {}, 'not found\n');
    answer(res, 200, { 'Content-Type': route.type }, route.body());
  };

  const openEvents = (req: IncomingMessage, res: ServerResponse) => {
    if (live.size >= limits.maxClients) return answer(res, 503, { 'Retry-After': '10', Connection: 'close' }, 'too many live clients\n');
    const status = options.status(); // first: a failing source then gets its 500 before the stream's headers
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no' });
    if (req.method === 'HEAD') return res.end();
    live.add(res);
    res.on('close', () => drop(res));
    send(res, `retry: 3000\nevent: status\ndata: ${status}\n\n`);
    if (timer === null) {
      last = status;
      timer = setInterval(push, limits.pushIntervalMs);
    }
  };

  const server: Server = createServer({ maxHeaderSize: limits.maxHeaderSize, connectionsCheckingInterval: limits.connectionsCheckingIntervalMs }, handle);
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.idleTimeoutMs; // with no 'timeout' listener, Node destroys the socket
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = 1000;
  // No `100 Continue`: a body is never wanted, so none is invited (the request is answered as it stands).
  server.on('checkContinue', handle);
  // CONNECT bypasses the request handler; unanswered, Node would just drop the socket.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOWED}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`,
    port: bound.port,
    clients: () => live.size,
    close: async () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      for (const res of live) res.destroy();
      live.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
