export { AudioCue, LiveState, ProbeStatus, Verdict } from './live.js';
