/** A map that forgets its least recently used entries beyond `capacity` (those `keep` says to keep stay). */
export class Lru<V> {
  readonly map = new Map<string, V>();
  constructor(
    private readonly capacity: number,
    private readonly keep: (v: V) => boolean = () => false,
  ) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  peek(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    let over = this.map.size - this.capacity;
    for (const [key, value] of this.map) {
      if (over <= 0) break;
      if (this.keep(value)) continue;
      this.map.delete(key);
      over--;
    }
  }
  delete(k: string): void {
    this.map.delete(k);
  }
}
