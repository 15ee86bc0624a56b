// CRC-64/ECMA-182 as OpenIGTLink uses it (igtl_util.c, igtl_header.h: the header's crc field is the CRC of
// the body): polynomial 0x42F0E1EBA9EA3693, initial value 0, not reflected, no final xor. Table-driven on
// two 32-bit halves (BigInt per byte would be ten times slower on a map of tens of kilobytes).
const POLY_HI = 0x42f0e1eb;
const POLY_LO = 0xa9ea3693;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = n << 24;
  let lo = 0;
  for (let k = 0; k < 8; k++) {
    const top = hi & 0x80000000;
    hi = ((hi << 1) | (lo >>> 31)) >>> 0;
    lo = (lo << 1) >>> 0;
    if (top) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi >>> 0;
  TABLE_LO[n] = lo >>> 0;
}

/** CRC-64/ECMA-182 of the bytes, as an unsigned 64-bit bigint. */
export function crc64(bytes: Uint8Array): bigint {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < bytes.length; i++) {
    const index = ((hi >>> 24) ^ (bytes[i] as number)) & 0xff;
    hi = (((hi << 8) | (lo >>> 24)) ^ (TABLE_HI[index] as number)) >>> 0;
    lo = ((lo << 8) ^ (TABLE_LO[index] as number)) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}
