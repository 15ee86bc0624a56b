// Opens the store named by --data-dir / --database-url (or DATABASE_URL), runs `fn`, closes it.
import { Store, StoreError, storageFromFlags } from '@openrgs/store';
import { CliError, type CliIo, type ParsedArgs } from './command.js';

export async function withStore<T>(
  io: CliIo,
  args: ParsedArgs,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  let store: Store;
  try {
    store = await Store.open(storageFromFlags(args.values, io.env, io.cwd));
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(error.message);
    throw new CliError(`cannot open the store: ${(error as Error).message}`);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Finds a case by id (UUID) or by its exact label; the error names what was asked for. */
export async function resolveCaseId(store: Store, idOrLabel: string): Promise<string> {
  if (
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrLabel) &&
    (await store.cases.exists(idOrLabel))
  ) {
    return idOrLabel;
  }
  const matches = (await store.cases.list(500)).filter((c) => c.label === idOrLabel);
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length > 1)
    throw new CliError(`--case: ${matches.length} cases are labelled '${idOrLabel}'; give the case id`);
  throw new CliError(`--case: no case with id or label '${idOrLabel}'`);
}
