// A small least-recently-used map with a fixed capacity, for caches that must
// stay bounded however many distinct keys arrive (hostile input included).
// Map keeps insertion order, so the first key is always the least recently used.

export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  /** The most recently used key: getting it again needs no reordering (a question in the news, asked over and over). */
  private newest: K | undefined;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined || key === this.newest) return value;
    // Re-insert to mark as most recently used.
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  clear(): void {
    this.map.clear();
    this.newest = undefined;
  }
}
