// CRC-16/IBM-3740 (alias CRC-16/CCITT-FALSE, CRC-16/AUTOSAR): width 16, poly 0x1021, init 0xFFFF,
// refin false, refout false, xorout 0x0000, check ("123456789") = 0x29B1.
// Source: Greg Cook, "Catalogue of parametrised CRC algorithms", reveng.sourceforge.io/crc-catalogue/16.htm.
// Chosen for the OpenRGS line protocol because a 20-line C routine computes it on any microcontroller.

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
})();

/** CRC-16/IBM-3740 of bytes[start, end). */
export function crc16Ccitt(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

/** Four upper-case hex digits. */
export function crc16Hex(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
