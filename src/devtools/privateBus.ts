import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private `dbus-daemon` on a socket in a temporary folder: what the demo and the integration tests run
 * on, so nothing ever touches the system bus. Policy: everyone may own and call anything (a test bus).
 */
export interface PrivateBus {
  readonly address: string;
  readonly process: ChildProcess;
  /** Stops the daemon (every client loses its connection) and removes the folder. */
  stop(): Promise<void>;
}

const CONFIG = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="max_match_rules_per_connection">1024</limit>
</busconfig>
`;

export async function startPrivateBus(): Promise<PrivateBus> {
  const dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-bus-'));
  const configFile = join(dir, 'bus.conf');
  writeFileSync(configFile, CONFIG(join(dir, 'socket')));
  const child = spawn('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1', '--nopidfile'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // An unprivileged dbus-daemon always complains that it cannot raise its fd limit; nothing else is noise.
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString().split('\n').filter((line) => line && !line.includes('Failed to set fd limit')).join('\n');
    if (text) process.stderr.write(`${text}\n`);
  });
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not start within 5 s')), 5000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start dbus-daemon (is the dbus package installed?): ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with code ${String(code)}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
  child.removeAllListeners('exit');
  let stopped: Promise<void> | null = null;
  return {
    address,
    process: child,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      })),
  };
}
