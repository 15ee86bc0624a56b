// Storage flags (CLI) shared by `rgs serve`, `rgs user add`, `rgs backup`, `rgs bench server`
// (same shape as the CLI's OptionSpec; the CLI imports these so every command says the same thing).
import { resolveStorage, type StorageTarget } from './connect.js';

export const STORAGE_OPTIONS = {
  'data-dir': {
    type: 'string' as const,
    description: 'directory of the embedded SQLite store (default ./data; file openrgs.sqlite)',
  },
  'database-url': {
    type: 'string' as const,
    description: 'PostgreSQL URL postgres://user@host:port/db (default: $DATABASE_URL, else SQLite)',
  },
};

export function storageFromFlags(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  cwd: string,
): StorageTarget {
  const dataDir = values['data-dir'];
  const databaseUrl = values['database-url'];
  return resolveStorage({
    dataDir: typeof dataDir === 'string' ? dataDir : undefined,
    databaseUrl: typeof databaseUrl === 'string' ? databaseUrl : undefined,
    env,
    cwd,
  });
}
