// The PostgreSQL snapshot as `rgs backup` writes it: JSON Lines (one JSON value per line, UTF-8), so it
// is written and read a row at a time. Format version 2:
//
//   {"format":"openrgs-backup","formatVersion":2,"engine":"postgres","schemaVersion":9,"takenAt":"…",
//    "tables":["users","patients",…]}                    ← header: the tables, parents before children
//   {"table":"users","columns":["id","username",…]}      ← a table begins
//   ["2f…","ana",…]                                       ← one row: values in the order of `columns`
//   {"end":"users","rows":1}                              ← the table ends, with its row count
//   …
//   {"complete":true,"tables":{"users":1,…}}              ← the last line: a file without it is truncated
//
// Version 1 (before streaming) was one JSON document {format, formatVersion: 1, schemaVersion, tables:
// {name: [row objects]}}; it is still read (whole, in memory).
export const BACKUP_FORMAT = 'openrgs-backup';
export const BACKUP_FORMAT_VERSION = 2;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  engine: 'postgres';
  schemaVersion: number;
  takenAt: string;
  /** Every table in the file, in the order they follow (parents before children). */
  tables: string[];
}

export type BackupLine =
  | BackupHeader
  | { table: string; columns: string[] }
  | { end: string; rows: number }
  | { complete: true; tables: Record<string, number> };
