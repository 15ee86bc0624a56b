// One place that maps a protocol name to its codec.
import type { ProtocolName } from '../types.js';
import type { CodecHandover, ProbeCodec } from './codec.js';
import { createGmcCodec, type GmcCodecOptions } from './gmc.js';
import { createOgdCodec, type OgdCodecOptions } from './ogd.js';
import { createOpenRgsCodec, type OpenRgsCodecOptions } from './openrgs.js';
import { createRadProCodec, type RadProCodecOptions } from './radpro.js';

/** The union of every codec's options; each codec reads only its own. */
export type CodecOptionsFor = OpenRgsCodecOptions & GmcCodecOptions & RadProCodecOptions & OgdCodecOptions;

export function createCodecFor(
  protocol: ProtocolName,
  options: CodecOptionsFor = {},
  handover?: CodecHandover,
): ProbeCodec {
  switch (protocol) {
    case 'openrgs':
      return createOpenRgsCodec(options);
    case 'gmc':
      return createGmcCodec(options);
    case 'radpro':
      return createRadProCodec(options, handover?.radpro);
    case 'ogd':
      return createOgdCodec(options);
  }
}
