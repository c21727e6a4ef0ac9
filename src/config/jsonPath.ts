/** One step into a JSON document: an object key or an array index. */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A path as people write it in JavaScript: `ir.maxPercentageError`, `excludedServices[1]`,
 * `primaryServices["com.victronenergy.battery.ttyS1"][0]`; the document itself is the empty string.
 */
export function formatPath(path: JsonPath): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (IDENTIFIER.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
