// @openrgs/probe — gamma-probe device layer: driver interface, transports, protocol codecs.

export type { Clock, TimerHandle } from './clock.js';
export { ManualClock, systemClock } from './clock.js';
export type { CodecStep, ProbeCodec } from './codecs/codec.js';
export type {
  ClockEstimate,
  ConnectResult,
  ProbeDriver,
  ProbeDriverStats,
  ProbeListener,
} from './driver-api.js';
export type { Transport, TransportHandlers, TransportLink } from './transports/transport.js';
export type {
  CodecEvent,
  CodecIssue,
  DeviceFrame,
  HistogramSpectrum,
  IssueCode,
  ProbeEvent,
  ProbeFrame,
  ProbeIdentity,
  ProbeStatus,
  ProtocolName,
  Spectrum,
  WindowSpectrum,
} from './types.js';
export { PROTOCOLS } from './types.js';
