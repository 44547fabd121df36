/** The extension host's link to the library worker: asking it, answering its file questions, and starting it again when it stops unasked. */
import * as vscode from 'vscode';
import type { Candidate } from '../indexer/dumpFiles';
import { connectLibrary, type HostSide, type LibraryConnection } from '../indexer/libraryClient';
import type { LibraryEvent, LibraryRequests } from '../indexer/libraryProtocol';

/** A worker that stops unasked is started again this many times, until {@link LibraryWorkerLink.revive}. */
export const RESTARTS = 3;

type Answer<K extends keyof LibraryRequests> = Promise<Awaited<ReturnType<LibraryRequests[K]>>>;

/** What the link tells its owner. */
export interface LinkEvents {
  onEvent(event: LibraryEvent): void;
  /** The worker stopped unasked and a new one runs (nothing sent to it yet). */
  onRestarted(reason: string): void;
  /** The worker stopped unasked once more than {@link RESTARTS} times: none runs until `revive`. */
  onStopped(reason: string): void;
  /** Whether a file of the workspace is a dump candidate, and how to read it (the worker asks about files of a snapshot). */
  judge(uri: vscode.Uri): Candidate | null;
}

/** Starts the library worker (`workerScript`, else the one beside the bundle), persisting in `folder`. */
export class LibraryWorkerLink implements vscode.Disposable {
  private connection: LibraryConnection;
  private restarts = 0;

  constructor(
    private readonly folder: string | undefined,
    private readonly output: vscode.LogOutputChannel,
    private readonly events: LinkEvents,
    private readonly workerScript?: string,
  ) {
    this.connection = this.connect();
  }

  /** Whether the library lives in a worker thread, apart from the extension host's heap. */
  get offThread(): boolean {
    return this.connection.offThread;
  }

  /** Asks the worker; rejects when it stopped before answering. */
  ask<K extends keyof LibraryRequests & string>(method: K, ...args: Parameters<LibraryRequests[K]>): Answer<K> {
    return this.connection.library.call(method, ...args);
  }

  /** Tells the worker, not waiting for it (a worker that stopped is logged, not thrown). */
  tell<K extends keyof LibraryRequests & string>(method: K, ...args: Parameters<LibraryRequests[K]>): void {
    this.ask(method, ...args).catch((error) => this.output.debug(`${method}: ${String(error)}`));
  }

  /** A new worker after `onStopped`, with {@link RESTARTS} restarts again. */
  revive(): void {
    this.restarts = 0;
    this.connection = this.connect();
  }

  dispose(): void {
    this.connection.dispose();
  }

  private connect(): LibraryConnection {
    const host: HostSide = {
      answers: {
        stat: async (uri) => {
          const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(uri)).then((s) => s, () => null);
          return stat && stat.type & vscode.FileType.File ? { size: stat.size, mtime: stat.mtime } : null;
        },
        read: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
        judge: async (uris) => uris.map((uri) => this.events.judge(vscode.Uri.parse(uri))),
      },
      onEvent: (event) => this.events.onEvent(event),
      onExit: (reason) => this.exited(reason),
      onFallback: (reason) => this.output.warn(`${reason}; keeping the library on the extension host instead.`),
    };
    return connectLibrary(this.folder, host, this.workerScript);
  }

  private exited(reason: string): void {
    if (this.restarts++ >= RESTARTS) return this.events.onStopped(reason);
    this.connection = this.connect();
    this.events.onRestarted(reason);
  }
}
