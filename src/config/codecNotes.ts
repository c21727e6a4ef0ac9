import { BATTERY_SERVICE, CUSTOM_NAME_REF, DBUS_PATH, LISTEN_ADDRESS } from './codec';
import { editDistance } from './suggest';

/** What a refinement of the codec means, for people (`expected ...`) and for the JSON Schema (extra keywords). */
export interface CodecNote {
  readonly expected: string;
  readonly schema?: Record<string, unknown>;
  /** A corrected value to offer as "did you mean", when the mistake is a common one. */
  readonly suggest?: (found: string) => string | undefined;
}

const BATTERY_PREFIX = 'com.victronenergy.battery.';

/** `ttyS1`, `com.victronenergy.batery.ttyS1` or `com.victronenergy.ttyS1` -> `com.victronenergy.battery.ttyS1`. */
function suggestBatteryService(found: string): string | undefined {
  const dot = found.lastIndexOf('.');
  const prefix = found.slice(0, dot + 1);
  const candidate = BATTERY_PREFIX + found.slice(dot + 1);
  const plausible = prefix === '' || prefix === 'com.victronenergy.' || editDistance(prefix.toLowerCase(), BATTERY_PREFIX) <= 3;
  return plausible && BATTERY_SERVICE.test(candidate) ? candidate : undefined;
}

/** `Soc`, `/Dc/0/Voltage/` -> `/Soc`, `/Dc/0/Voltage`. */
function suggestDbusPath(found: string): string | undefined {
  const candidate = `/${found.split('/').filter((part) => part !== '').join('/')}`;
  return DBUS_PATH.test(candidate) ? candidate : undefined;
}

/** `8089` -> `0.0.0.0:8089`; `http://host:8089/` -> `host:8089`; `localhost 8089` -> `localhost:8089`. */
function suggestListenAddress(found: string): string | undefined {
  const trimmed = found.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const candidate = /^[0-9]+$/.test(trimmed) ? `0.0.0.0:${trimmed}` : trimmed.replace(/\s+(?=[0-9]+$)/, ':');
  return candidate !== found && LISTEN_ADDRESS.test(candidate) ? candidate : undefined;
}

/** Keyed by codec name; every brand in `codec.ts` has an entry (the schema test checks it). */
export const CODEC_NOTES: Readonly<Record<string, CodecNote>> = {
  BatteryServiceName: {
    expected: 'a battery service name (com.victronenergy.battery.<name>)',
    schema: { pattern: BATTERY_SERVICE.source },
    suggest: suggestBatteryService,
  },
  ServiceRef: {
    expected: 'a battery service name (com.victronenergy.battery.<name>) or name:<custom name>',
    schema: { anyOf: [{ pattern: BATTERY_SERVICE.source }, { pattern: CUSTOM_NAME_REF.source }] },
    suggest: suggestBatteryService,
  },
  DbusPath: {
    expected: 'a D-Bus path starting with / (e.g. /Soc)',
    schema: { pattern: DBUS_PATH.source },
    suggest: suggestDbusPath,
  },
  ListenAddress: {
    expected: 'an address HOST:PORT, a host name or IPv4 address (or [IPv6]) and a port from 1 to 65535 (e.g. "0.0.0.0:8089")',
    schema: { pattern: LISTEN_ADDRESS.source },
    suggest: suggestListenAddress,
  },
  ServiceSelection: { expected: 'a list of services, or a map of service to a list of paths' },
  VirtualBatteries: { expected: 'an object mapping each virtual battery\'s service name to its members' },
  Positive: { expected: 'a number greater than 0', schema: { exclusiveMinimum: 0 } },
  RampRate: { expected: 'a rate in A/s greater than 0 (e.g. 2: a limit rises by at most 2 A a second)', schema: { exclusiveMinimum: 0 } },
  NonNegative: { expected: 'a number of 0 or more', schema: { minimum: 0 } },
  Fraction: { expected: 'a number greater than 0 and at most 1', schema: { exclusiveMinimum: 0, maximum: 1 } },
};
