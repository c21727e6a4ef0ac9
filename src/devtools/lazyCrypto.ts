/* eslint-disable @typescript-eslint/no-require-imports -- loaded only for cookie authentication */
import type * as NodeCrypto from 'node:crypto';

/**
 * Stands in for `crypto` in the bundle, where only dbus-next's handshake uses it, for DBUS_COOKIE_SHA1
 * authentication (a Venus OS system bus takes EXTERNAL). Node's module initialises OpenSSL, about 1 MB
 * of a GX's memory; it is loaded when that authentication actually runs.
 */
const real = (): typeof NodeCrypto => require('node:crypto') as typeof NodeCrypto;

export const createHash: typeof NodeCrypto.createHash = (...args: Parameters<typeof NodeCrypto.createHash>) => real().createHash(...args);
export const randomBytes = (size: number): Buffer => real().randomBytes(size);
