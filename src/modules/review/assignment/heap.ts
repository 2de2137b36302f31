/** Binary min-heap over node ids with decrease-key (position index), keys and ids in typed arrays. */
export class IndexedHeap {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(n: number) {
    this.keys = new Float64Array(n);
    this.ids = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.ids[i]!] = -1;
    this.size = 0;
  }

  /** Inserts v with key k, or lowers its key to k. */
  set(v: number, k: number): void {
    let i = this.pos[v]!;
    if (i < 0) i = this.size++;
    const keys = this.keys;
    const ids = this.ids;
    const pos = this.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= k) break;
      keys[i] = keys[p]!;
      ids[i] = ids[p]!;
      pos[ids[i]!] = i;
      i = p;
    }
    keys[i] = k;
    ids[i] = v;
    pos[v] = i;
  }

  pop(): number {
    const keys = this.keys;
    const ids = this.ids;
    const pos = this.pos;
    const top = ids[0]!;
    pos[top] = -1;
    const last = --this.size;
    if (last === 0) return top;
    const k = keys[last]!;
    const v = ids[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= k) break;
      keys[i] = keys[c]!;
      ids[i] = ids[c]!;
      pos[ids[i]!] = i;
      i = c;
    }
    keys[i] = k;
    ids[i] = v;
    pos[v] = i;
    return top;
  }
}
