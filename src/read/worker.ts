// A read worker thread: reads the pieces it is sent through the descriptors the main thread opened and checked
// (threads share the process's descriptors), and posts each piece's result back.
import { parentPort } from 'node:worker_threads';
import { buffersOf } from './preceding.js';
import { type PieceTask, runPiece } from './run-piece.js';

parentPort?.on('message', (msg: { id: number; task: PieceTask }) => {
  try {
    const done = runPiece(msg.task);
    // The index's buffers move to the main thread instead of being copied into the message.
    parentPort?.postMessage({ id: msg.id, done }, buffersOf(done.result.runs));
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: String((err as Error).message ?? err) });
  }
});
