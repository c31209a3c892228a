// Paths into JSON replies, for comparing two replies leaf by leaf.

/** Paths into JSON values as numbers: the same path in two replies gets the same number, and a
 *  path is spelled out (`/a/0/b`) only when it is reported. Building every leaf's path string made
 *  a reply nested 25 000 deep with as many leaves quadratic in time and memory. */
export class JsonPaths {
  private readonly ids = new Map<string, number>();
  private readonly parent: number[] = [-1];
  private readonly key: string[] = [''];
  /** the root */
  readonly root = 0;
  child(parent: number, k: string): number {
    const name = `${parent}/${k}`;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.parent.length;
      this.ids.set(name, id);
      this.parent.push(parent);
      this.key.push(k);
    }
    return id;
  }
  text(id: number): string {
    const ks: string[] = [];
    for (let i = id; i > 0; i = this.parent[i]!) ks.push(this.key[i]!);
    return ks
      .reverse()
      .map((k) => `/${k}`)
      .join('');
  }
}

/** A JSON value as path → leaf (JSON text). */
export function leaves(v: unknown, paths: JsonPaths): Map<number, string> {
  const out = new Map<number, string>();
  // iterative: a hostile reply nested 50,000 deep must not overflow the stack
  const todo: Array<[unknown, number]> = [[v, paths.root]];
  while (todo.length > 0) {
    const [x, at] = todo.pop()!;
    if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) todo.push([y, paths.child(at, k)]);
    else out.set(at, JSON.stringify(x));
  }
  return out;
}

/** At most the first 10 paths, each at most 200 characters: a hostile reply may differ everywhere. */
export function listPaths(diff: number[], paths: JsonPaths): string {
  const shown = diff.slice(0, 10).map((d) => {
    const p = paths.text(d);
    return p.length > 200 ? `${p.slice(0, 200)}…` : p;
  });
  return diff.length > 10 ? `${shown.join(', ')}, … (${diff.length} in all)` : shown.join(', ');
}
