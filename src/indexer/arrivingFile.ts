/**
 * A file read into one buffer in large chunks, usable while it arrives: a reader decodes what is
 * there and waits (`until`) for the rest, so reading and decoding run together (the read on
 * libuv's thread pool). A 161 MB library snapshot takes 100–150 ms to read here.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Arrival } from '../core/librarySnapshot';

/** Bytes per read: few enough round trips, and the first ones arrive soon. */
const CHUNK = 4 * 1024 * 1024;

export class ArrivingFile implements Arrival {
  private count = 0;
  private failure: Error | null = null;
  private stopped = false;
  private readonly waiting: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  private constructor(readonly bytes: Buffer) {}

  /** Opens `path` and starts reading it; rejects when it cannot be opened (e.g. there is none). */
  static async open(path: string, chunk = CHUNK): Promise<ArrivingFile> {
    const handle = await open(path, 'r');
    let file: ArrivingFile;
    try {
      file = new ArrivingFile(Buffer.allocUnsafe((await handle.stat()).size));
    } catch (error) {
      await handle.close();
      throw error;
    }
    void file.read(handle, chunk);
    return file;
  }

  arrived(): number {
    return this.count;
  }

  /** Resolves once the first `n` bytes (or all, when fewer) are there; rejects if the read fails first. */
  until(n: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.count >= Math.min(n, this.bytes.length)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ n, resolve, reject }));
  }

  /** Stops reading after the read under way (the rest is not needed); waiting callers are rejected. */
  stop(): void {
    this.stopped = true;
  }

  private async read(handle: FileHandle, chunk: number): Promise<void> {
    try {
      while (this.count < this.bytes.length) {
        if (this.stopped) throw new Error('reading stopped');
        const { bytesRead } = await handle.read(this.bytes, this.count, Math.min(chunk, this.bytes.length - this.count), this.count);
        if (bytesRead === 0) throw new Error('the file ended early');
        this.count += bytesRead;
        this.settle();
      }
    } catch (error) {
      this.failure = error as Error;
      this.settle();
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private settle(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i];
      if (this.failure) w.reject(this.failure);
      else if (this.count >= Math.min(w.n, this.bytes.length)) w.resolve();
      else continue;
      this.waiting.splice(i, 1);
    }
  }
}
