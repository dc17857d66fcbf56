/**
 * A growable byte buffer with a read cursor: appends copy into spare room, reads advance the
 * cursor, so a reader that consumes line by line never shifts the whole buffer per line.
 */
export class ByteBuffer {
  private data: Buffer = Buffer.allocUnsafe(256);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    const size = chunk.length;
    if (this.end + size > this.data.length) this.makeRoom(size);
    this.data.set(chunk, this.end);
    this.end += size;
  }

  /** Index (from the cursor) of `separator` at or after `from`, or -1. */
  indexOf(separator: Uint8Array, from: number): number {
    // Search the backing store directly (no view per call); the first match past `end` means
    // there is none inside.
    const needle = separator.length === 1 ? (separator[0] as number) : separator;
    const found = this.data.indexOf(needle, this.start + from);
    return found === -1 || found + separator.length > this.end ? -1 : found - this.start;
  }

  /** Removes and returns the first `count` bytes (a copy). */
  take(count: number): Uint8Array {
    const n = Math.min(count, this.length);
    // Node's pooled allocation: far cheaper than `new Uint8Array(n)` for the many small reads.
    const out = Buffer.allocUnsafe(n);
    this.data.copy(out, 0, this.start, this.start + n);
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
    return out;
  }

  clear(): void {
    this.start = this.end = 0;
  }

  private makeRoom(extra: number): void {
    const used = this.length;
    if (used + extra <= this.data.length >> 1) {
      this.data.copyWithin(0, this.start, this.end);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(this.data.length * 2, used + extra));
      this.data.copy(grown, 0, this.start, this.end);
      this.data = grown;
    }
    this.start = 0;
    this.end = used;
  }
}
