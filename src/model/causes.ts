// Cause ids of investigate's hypotheses (CONTRACT.md). Stable: extend, never rename. The list is generated from
// the detector files (one per cause in src/analysis/hypotheses), so a new cause is its file, its test and its page.
export { CAUSE_IDS, type CauseId } from './ids.generated.js';
