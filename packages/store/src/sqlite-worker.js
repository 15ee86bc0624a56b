// The SQLite connection lives in this worker thread, so a commit's fsync (synchronous = FULL) never
// blocks the server's event loop (live frames keep flowing to the screens while the disk syncs).
// Plain JavaScript: a worker does not inherit the TypeScript loader of the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

let db;
try {
  db = new Database(workerData.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  parentPort.postMessage({ id: 0, ready: true });
} catch (error) {
  parentPort.postMessage({ id: 0, error: { message: error.message, code: error.code } });
}

const statements = new Map();

function prepare(sql) {
  let stmt = statements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (statements.size > 500) statements.clear();
    statements.set(sql, stmt);
  }
  return stmt;
}

parentPort.on('message', (message) => {
  if (message.close) {
    db?.close();
    parentPort.postMessage({ id: message.id, closed: true });
    return;
  }
  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM);
  // the caller's rollback then finds none and must not replace the real error with "no transaction".
  if (/^\s*rollback\s*;?\s*$/i.test(message.sql) && db && !db.inTransaction) {
    parentPort.postMessage({ id: message.id, rows: [], changes: 0 });
    return;
  }
  try {
    const stmt = prepare(message.sql);
    if (stmt.reader) {
      parentPort.postMessage({ id: message.id, rows: stmt.all(message.params) });
    } else {
      const { changes, lastInsertRowid } = stmt.run(message.params);
      parentPort.postMessage({ id: message.id, rows: [], changes, lastInsertRowid });
    }
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: error.message, code: error.code } });
  }
});
