/** Object-path arithmetic for the BusItem tree: `/Dc/0/Voltage` implies nodes `/`, `/Dc`, `/Dc/0`. */

/** Every proper prefix of every path, plus the root. */
export function treeNodesOf(paths: Iterable<string>): Set<string> {
  const nodes = new Set<string>(['/']);
  for (const path of paths) {
    for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) nodes.add(path.slice(0, i));
  }
  return nodes;
}

/** True when `path` lies strictly below `node`. */
export function isUnder(path: string, node: string): boolean {
  return node === '/' ? path !== '/' : path.length > node.length && path.startsWith(node) && path[node.length] === '/';
}

/** The key of a leaf in a tree node's dict: relative, without the leading slash. */
export function relativePath(path: string, node: string): string {
  return node === '/' ? path.slice(1) : path.slice(node.length + 1);
}

/** Names of the direct children of `node` among nodes and leaves, sorted, for introspection. */
export function childNodes(nodes: Iterable<string>, leaves: Iterable<string>, node: string): string[] {
  const children = new Set<string>();
  const collect = (path: string) => {
    if (!isUnder(path, node)) return;
    const rest = relativePath(path, node);
    const slash = rest.indexOf('/');
    children.add(slash < 0 ? rest : rest.slice(0, slash));
  };
  for (const path of nodes) collect(path);
  for (const path of leaves) collect(path);
  return [...children].sort();
}

/** Longer paths are refused on input: no battery path comes near, and each would cost a map entry. */
export const MAX_ITEM_PATH_LENGTH = 255;

/**
 * A path a BusItem value may live at: a D-Bus object path other than the root. Keys of a GetItems or
 * ItemsChanged dict are plain strings, so a driver could send anything; these are the ones that can be
 * published again and written to a log line as they are.
 */
export function isItemPath(path: string): boolean {
  return path.length <= MAX_ITEM_PATH_LENGTH && /^(\/[A-Za-z0-9_]+)+$/.test(path);
}
