/** Endpoint (rpc.ts): calls answered both ways over a MessageChannel, errors, events, and failing pending calls. */
import { strict as assert } from 'node:assert';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Endpoint } from '../../src/indexer/rpc';

type HostApi = {
  add(a: number, b: number): number;
  echo(text: string): string;
  boom(message: string): void;
  throwString(): void;
  hang(): number;
};
type WorkerApi = {
  upper(text: string): string;
  /** Asks the host back while answering. */
  addThrough(a: number, b: number): number;
  slow(ms: number, value: string): string;
};
type Event = { type: 'tick'; n: number };

describe('rpc endpoint over a MessageChannel', () => {
  let ports: MessagePort[] = [];
  let host: Endpoint<WorkerApi, HostApi, Event>;
  let worker: Endpoint<HostApi, WorkerApi, Event>;
  const hostEvents: Event[] = [];
  const workerEvents: Event[] = [];
  let hung: Array<(n: number) => void> = [];

  beforeEach(() => {
    const { port1, port2 } = new MessageChannel();
    ports = [port1, port2];
    hostEvents.length = 0;
    workerEvents.length = 0;
    hung = [];
    host = new Endpoint<WorkerApi, HostApi, Event>(port1, {
      add: (a, b) => a + b,
      echo: async (text) => `host:${text}`,
      boom: (message) => {
        throw new Error(message);
      },
      throwString: () => {
        throw 'plain string';
      },
      hang: () => new Promise<number>((resolve) => hung.push(resolve)),
    }, (event) => hostEvents.push(event));
    worker = new Endpoint<HostApi, WorkerApi, Event>(port2, {
      upper: (text) => text.toUpperCase(),
      addThrough: async (a, b) => 10 * (await worker.call('add', a, b)),
      slow: (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms)),
    }, (event) => workerEvents.push(event));
  });

  afterEach(() => {
    for (const port of ports) port.close();
  });

  it('answers calls in both directions, sync and async handlers alike', async () => {
    assert.equal(await worker.call('add', 2, 3), 5);
    assert.equal(await worker.call('echo', 'hi'), 'host:hi');
    assert.equal(await host.call('upper', 'abc'), 'ABC');
    assert.equal(await host.call('addThrough', 4, 5), 90, 'a handler may call the other side while answering');
  });

  it('matches each answer to its call when answers come out of order', async () => {
    const calls = [host.call('slow', 60, 'first'), host.call('slow', 0, 'second'), host.call('slow', 30, 'third'), host.call('upper', 'x')];
    const order: string[] = [];
    for (const call of calls) void call.then((value) => order.push(value));
    assert.deepEqual(await Promise.all(calls), ['first', 'second', 'third', 'X']);
    assert.equal(order[order.length - 1], 'first');
  });

  it('rejects the caller with the message of an error its handler threw, and keeps answering', async () => {
    await assert.rejects(worker.call('boom', 'it broke'), (error: Error) => error instanceof Error && error.message.includes('it broke'));
    await assert.rejects(worker.call('throwString'), (error: Error) => error.message === 'plain string');
    await assert.rejects(
      (worker as unknown as Endpoint<{ missing(): void }, WorkerApi>).call('missing'),
      (error: Error) => error instanceof Error && error.message.length > 0,
      'an unknown method rejects rather than hanging',
    );
    assert.equal(await worker.call('add', 1, 1), 2);
  });

  it('delivers events both ways, in order, without answers', async () => {
    worker.emit({ type: 'tick', n: 1 });
    worker.emit({ type: 'tick', n: 2 });
    host.emit({ type: 'tick', n: 3 });
    // A call made after the events is answered after they arrive (one port, in order).
    await worker.call('add', 0, 0);
    await host.call('upper', '');
    assert.deepEqual(hostEvents, [{ type: 'tick', n: 1 }, { type: 'tick', n: 2 }]);
    assert.deepEqual(workerEvents, [{ type: 'tick', n: 3 }]);
  });

  it('fail rejects every call still waiting and every later one; a late answer is ignored', async () => {
    const first = worker.call('hang');
    const second = worker.call('hang');
    while (hung.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    worker.fail('the other side is gone');
    await assert.rejects(first, /the other side is gone/);
    await assert.rejects(second, /the other side is gone/);
    for (const resolve of hung) resolve(42);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the late answers arrive, to nobody
    await assert.rejects(worker.call('add', 20, 22), /the other side is gone/, 'a call after fail is not left waiting');
  });
});
