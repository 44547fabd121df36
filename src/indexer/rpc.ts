/** Calls and events over a worker's message port, each side answering the other's calls with its handlers. */

/** What a worker, its parent port or a `MessagePort` offers. */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** An API as methods; each side calls the other's and answers its own (results may be promised). */
export type Api = Record<string, (...args: never[]) => unknown>;
type Handlers<T extends Api> = { [K in keyof T]: (...args: Parameters<T[K]>) => ReturnType<T[K]> | Promise<Awaited<ReturnType<T[K]>>> };

type Message =
  | { kind: 'call'; id: number; method: string; args: unknown[] }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'event'; event: unknown };

/**
 * One side of the conversation: {@link call} asks the other side's `Remote` API and resolves with
 * its answer (rejects with its error's message); calls from the other side go to `handlers`;
 * events (answered by nobody) to `onEvent`.
 */
export class Endpoint<Remote extends Api, Local extends Api, Event = never> {
  private next = 0;
  /** Why the other side is gone, once {@link fail} said so: later calls are rejected at once. */
  private failed: string | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly port: PortLike,
    private readonly handlers: Handlers<Local>,
    private readonly onEvent: (event: Event) => void = () => undefined,
  ) {
    port.on('message', (message) => void this.receive(message as Message));
  }

  call<K extends keyof Remote & string>(method: K, ...args: Parameters<Remote[K]>): Promise<Awaited<ReturnType<Remote[K]>>> {
    if (this.failed !== undefined) return Promise.reject(new Error(this.failed));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.port.postMessage({ kind: 'call', id, method, args } satisfies Message);
    });
  }

  emit(event: Event): void {
    this.port.postMessage({ kind: 'event', event } satisfies Message);
  }

  /** Rejects every call still waiting, and every later one: the other side is gone. */
  fail(reason: string): void {
    this.failed = reason;
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
  }

  private async receive(message: Message): Promise<void> {
    if (message.kind === 'event') return this.onEvent(message.event as Event);
    if (message.kind !== 'call') {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.kind === 'result') waiting?.resolve(message.result);
      else waiting?.reject(new Error(message.message));
      return;
    }
    try {
      const handler = this.handlers[message.method as keyof Local] as (...args: unknown[]) => unknown;
      const result = await handler(...message.args);
      this.port.postMessage({ kind: 'result', id: message.id, result } satisfies Message);
    } catch (error) {
      this.port.postMessage({ kind: 'error', id: message.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Message);
    }
  }
}
