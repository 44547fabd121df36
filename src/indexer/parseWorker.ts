/**
 * Worker-thread entry: parses dumps off the extension host's thread. Receives
 * `{ id, bytes, file, options }`, answers `{ id, parsed }` (the topic already derived).
 */
import { parentPort } from 'node:worker_threads';
import { parseWithTopic, type ParseRequest } from './parseJob';

parentPort?.on('message', (request: ParseRequest) => {
  parentPort?.postMessage({ id: request.id, parsed: parseWithTopic(request.bytes, request.file, request.options) });
});
