import { PATH_INFO } from '../battery/paths';

/** The battery paths offered for selection: every path the project knows, in its catalogue's order. */
export const KNOWN_PATHS: readonly string[] = Object.keys(PATH_INFO);
