/**
 * `DEBUG=` as the test process started. Import this before the logger: loading `debug` or setting a level
 * may write that variable, and a test must not mistake the logger's own write for a developer's.
 */
export const DEBUG_AT_START = process.env.DEBUG;
