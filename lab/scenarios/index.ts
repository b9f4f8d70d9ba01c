import type { Scenario } from '../lib/scenario.js';
import { scenario as keepaliveRace } from './keepalive-race.js';

/** Every scenario, in the order `all` runs them. */
export const SCENARIOS: Scenario[] = [keepaliveRace];
