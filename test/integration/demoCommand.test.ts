import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { eventually } from '../helpers/busClient';
import { freePort } from '../helpers/freePort';
import { exited, spawnCli } from '../helpers/processes';
import type { StatusSnapshot } from '../../src/status/statusSnapshot';

const PAGE_LINE = /^status page: (http:\/\/127\.0\.0\.1:(\d+)\/)$/m;

/** `demo` as a child process (not a terminal: the table is printed, no keys): where its status page is. */
describe('battery-aggregator demo and its status page', () => {
  const children: Array<ReturnType<typeof spawnCli>> = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  const demo = (...args: string[]) => {
    const child = spawnCli(['demo', '--count', '2', ...args]);
    children.push(child);
    return child;
  };
  /** Waits for the printed URL, checks the page lists the demo's batteries, stops the demo. */
  const pageOf = async (child: ReturnType<typeof spawnCli>) => {
    const [, url, port] = await eventually(() => PAGE_LINE.exec(child.output()) ?? undefined, 60000, `the status page line: ${child.errors()}`);
    const snapshot = await eventually(async () => {
      const got = (await (await fetch(`${url}status.json`)).json()) as StatusSnapshot;
      return got.batteries.filter((b) => b.role === 'aggregated').length === 2 ? got : undefined;
    }, 30000, 'both simulated batteries on the page');
    assert.deepEqual(snapshot.batteries.map((b) => b.service), ['com.victronenergy.battery.sim1', 'com.victronenergy.battery.sim2']);
    assert.equal(child.output().match(new RegExp(PAGE_LINE.source, 'gm'))?.length, 1, 'one line, printed once');
    child.kill('SIGTERM');
    assert.equal(await exited(child, 20000), 0, child.errors());
    return { url: url!, port: Number(port) };
  };

  test('prints `status page: http://127.0.0.1:PORT/` on start, and the page serves the demo\'s bank', async () => {
    const port = await freePort();
    const page = await pageOf(demo('--status-page', `127.0.0.1:${port}`));
    assert.equal(page.url, `http://127.0.0.1:${port}/`);
  });

  test('a port already taken: the page moves to a free one and says where', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const busy = (taken.address() as { port: number }).port;
    try {
      const child = demo('--status-page', `127.0.0.1:${busy}`);
      const page = await pageOf(child);
      assert.notEqual(page.port, busy);
      assert.match(child.output(), new RegExp(`127\\.0\\.0\\.1:${busy} is in use`));
    } finally {
      taken.close();
    }
  });

  test('--status-page off: no page, no line; a bad address: exit 2', async () => {
    const child = demo('--status-page', 'off', '--duration', '3');
    assert.equal(await exited(child, 60000), 0, child.errors());
    assert.match(child.output(), /aggregator/);
    assert.doesNotMatch(child.output(), /status page/);
    const bad = demo('--status-page', 'nowhere');
    assert.equal(await exited(bad, 30000), 2);
    assert.match(bad.errors(), /--status-page: expected HOST:PORT/);
  });
});
