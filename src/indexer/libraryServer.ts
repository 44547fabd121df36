/** The library worker's side of the conversation: a `LibraryCore` answering the extension host over a port. */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FileAccess } from './dumpFiles';
import { LibraryCore } from './libraryCore';
import type { HostRequests, LibraryEvent, LibraryRequests, Log } from './libraryProtocol';
import { Endpoint, type PortLike } from './rpc';

/**
 * Serves a library on `port` (the worker's parent port, or one end of a channel on the host when
 * no worker can start). `file:` URIs are read from the disk here; others through the host.
 */
export function serveLibrary(port: PortLike, storage: string | undefined, parserScript?: string): LibraryCore {
  const onDisk = (uri: string): string | null => (uri.startsWith('file:') ? fileURLToPath(uri) : null);
  const files: FileAccess = {
    async stat(uri) {
      const path = onDisk(uri);
      if (!path) return endpoint.call('stat', uri);
      try {
        const s = await stat(path);
        // Whole milliseconds, as VS Code's own stat gives them (stamps persisted by earlier versions stay valid).
        return s.isFile() ? { size: s.size, mtime: s.mtime.getTime() } : null;
      } catch {
        return null;
      }
    },
    read(uri) {
      const path = onDisk(uri);
      return path ? readFile(path) : endpoint.call('read', uri);
    },
  };
  const line = (level: keyof Log) => (message: string): void => endpoint.emit({ type: 'log', level, message });
  const log: Log = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const core = new LibraryCore({ log, files, judge: (uris) => endpoint.call('judge', uris), emit: (event) => endpoint.emit(event) }, storage, parserScript);
  const endpoint: Endpoint<HostRequests, LibraryRequests, LibraryEvent> = new Endpoint<HostRequests, LibraryRequests, LibraryEvent>(port, {
    start: (keyFormat) => core.start(keyFormat),
    beginScan: (generation) => core.beginScan(generation),
    scan: (generation, candidates, force, keyFormat, searchMs) => core.scan(generation, candidates, force, keyFormat, searchMs),
    applyChanges: (paths, candidates, keyFormat) => core.applyChanges(paths, candidates, keyFormat),
    rekey: (keyFormat) => core.rekey(keyFormat),
    get: (key) => core.queries.get(key),
    unknownKeys: (keys) => core.queries.unknownKeys(keys),
    closestKey: (key) => core.queries.closestKey(key),
    search: (query, limit) => core.queries.search(query, limit),
    complete: (typed, limit) => core.queries.complete(typed, limit),
    entriesOf: (key) => core.queries.entriesOf(key),
    groups: (by) => core.queries.groups(by),
    papersIn: (by, label, sort, from, count) => core.queries.papersIn(by, label, sort, from, count),
    rankIn: (by, label, sort, key) => core.queries.rankIn(by, label, sort, key),
    papers: () => core.papers(),
    prime: (candidate) => core.prime(candidate),
    readAhead: (uri) => core.readAhead(uri),
    warmUpParsers: () => void core.parser.warmUp().catch((error) => log.debug(`Could not warm up the parse workers: ${String(error)}`)),
    remembers: (uri) => core.remembers(uri),
    parsesOffThread: () => core.parser.offThread,
    whenParsesSaved: () => core.store.whenSaved(),
    whenSnapshotSaved: () => core.snapshots.whenSaved(),
    saveSnapshotSoon: (delayMs) => core.snapshots.saveSoon(delayMs),
    dispose: () => core.dispose(),
  });
  return core;
}
