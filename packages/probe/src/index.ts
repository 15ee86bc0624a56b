// @openrgs/probe — gamma-probe device layer: driver interface, transports, protocol codecs.
// May import: @openrgs/counting (types only).

export type { BackoffOptions } from './backoff.js';
export { Backoff } from './backoff.js';
// Time
export type { Clock, TimerHandle } from './clock.js';
export { ManualClock, systemClock } from './clock.js';
export { ClockAligner } from './clock-alignment.js';
// Codecs (pure)
export type { CodecStep, ProbeCodec } from './codecs/codec.js';
export { type CodecOptionsFor, createCodecFor } from './codecs/create.js';
export { createGmcCodec, GMC_COMMANDS, type GmcCodecOptions, parseGmcVersion } from './codecs/gmc.js';
export {
  createOgdCodec,
  OGD_CHANNELS,
  type OgdCodecOptions,
  type OgdWindowsIssue,
  ogdOptionsProblem,
  parseWindowsKeV,
} from './codecs/ogd.js';
export { createOpenRgsCodec, type OpenRgsCodecOptions } from './codecs/openrgs.js';
export {
  encodeOpenRgsLine,
  OPENRGS_MAX_LINE_BYTES,
  OPENRGS_PROTOCOL_VERSION,
  parseOpenRgsLine,
} from './codecs/openrgs-line.js';
export {
  createRadProCodec,
  RADPRO_NO_REPLY_HINT,
  type RadProCodecOptions,
  radProRequest,
} from './codecs/radpro.js';
export { crc16Ccitt, crc16Hex } from './crc16.js';
export { createProbeDriver, type DriverOptions } from './driver.js';
// Driver
export type {
  ClockEstimate,
  ConnectIssue,
  ConnectResult,
  ProbeDriver,
  ProbeDriverStats,
  ProbeListener,
} from './driver-api.js';
export { type CalibrationPeak, type CalibrationResult, linearCalibration } from './energy-calibration.js';
export { frameProblem } from './frame-validation.js';
export { FRAMES_CSV_HEADER, frameCsvLine } from './frames-csv.js';
export {
  detectGmcBaud,
  GMC_BAUD_CANDIDATES,
  type GmcBaudIssue,
  type GmcBaudResult,
  type GmcBaudTry,
  gmcAutoBaudTransport,
} from './gmc-baud.js';
export {
  IGTL_DEFAULT_PORT,
  IGTL_DEFAULT_TRANSFORM,
  type IgtlClient,
  type IgtlClientEvent,
  type IgtlClientOptions,
  type IgtlClientStatus,
  parseIgtlAddress,
  startIgtlClient,
} from './igtl/client.js';
// OpenIGTLink (tracker input, map and pose output)
export {
  type ContentIssue,
  type ContentResult,
  decodePosition,
  decodeTransform,
  encodeImage,
  encodePoints,
  encodePosition,
  encodeTransform,
  IGTL_POINT_ELEMENT_BYTES,
  type IgtlPoint,
  type ImageVolume,
  quaternionToRotation,
  type RigidTransform,
} from './igtl/content.js';
export { crc64 } from './igtl/crc64.js';
export {
  encodeMessage,
  IGTL_HEADER_BYTES,
  IgtlDecoder,
  type IgtlIssue,
  type IgtlMessage,
} from './igtl/message.js';
export { type PivotCalibration, type PivotResult, pivotCalibration } from './igtl/pivot.js';
export { applyRotation, type ProbeCalibration, probePoseOf } from './igtl/pose.js';
export { type IgtlServer, startIgtlServer } from './igtl/server.js';
export {
  DEFAULT_BAUD,
  type OpenProbeOptions,
  openProbe,
  ProbeConfigError,
  type ProbeConfigIssue,
} from './open-probe.js';
export { portFailureHint } from './port-hints.js';
// Recording and replay
export {
  FileRecording,
  MemoryRecording,
  parseRecording,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
  type RecordingEntry,
  type RecordingHeader,
  type RecordingIssue,
  type RecordingSink,
} from './recording.js';
export { createReplayDriver, RecordingPlayer, type ReplayOptions, replayRecording } from './replay.js';
export { ProbeSession, type SessionOptions } from './session.js';
export { FakeTransport } from './transports/fake.js';
export {
  listSerialPorts,
  listSerialPortsWithSource,
  type SerialBinding,
  type SerialPortListing,
  type SerialPortSummary,
  serialTransport,
} from './transports/serial.js';
export { listSysfsSerialPorts } from './transports/sysfs-ports.js';
export { parseTcpAddress, tcpTransport } from './transports/tcp.js';
// Transports
export type { Transport, TransportHandlers, TransportLink } from './transports/transport.js';
// Vocabulary
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
  PulseHeightHistogram,
  Spectrum,
  WindowSpectrum,
} from './types.js';
export { PROTOCOLS } from './types.js';
export {
  type CounterBits,
  type CounterStep,
  WrappingCounter,
  wrappingDifference,
} from './wrapping-counter.js';
