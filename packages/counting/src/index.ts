export type { CountFrame } from './frame.js';
