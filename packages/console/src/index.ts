// The console is a browser app (built by Vite into dist/); these pure helpers are its only Node-importable API.

export { decayedActivityMBq, HALF_LIFE_SECONDS, TRACER_AGENTS } from './decay.js';
export { formatRate, formatRatio, formatSeconds, holdStillText } from './format.js';
export { parseRoute } from './router.js';
