/**
 * Stands in for xml2js (and its xmlbuilder and sax) in the bundle: ~200 KB of code and a few MB of a
 * GX's memory for what this daemon never uses. dbus-next needs it for two things only: a Builder it
 * constructs with every bus, used to introspect objects exported with `bus.export` (we export none, so
 * it only ever builds the empty node), and the Parser of client proxy objects (we use none).
 */
export class Builder {
  buildObject(object: { node?: { node?: unknown[]; interface?: unknown } }): string {
    if (object.node?.interface !== undefined || (object.node?.node?.length ?? 0) > 0) throw new Error('xml2js is not bundled: bus.export is not supported');
    return '<node/>';
  }
}

export class Parser {
  constructor() {
    throw new Error('xml2js is not bundled: dbus-next proxy objects are not supported');
  }
}
