// Worker thread of access-scan.ts: scans one byte range of an access log and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFileRange } from './access-scan.js';

const { path, from, to } = workerData as { path: string; from: number; to: number };
parentPort?.postMessage(scanFileRange(path, from, to, 1));
