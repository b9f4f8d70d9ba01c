// Event types that mean a process or host went down and came back (or was stopped).
import type { EventType } from '../signatures/types.js';

const RESTART = new Set<EventType>([
  'process-restart',
  'memory-limit-restart',
  'process-exit',
  'app-crashed',
  'reboot',
  'restart-loop-stopped',
]);

export function isRestartType(type: EventType): boolean {
  return RESTART.has(type);
}
