import { openStore, StoreUnavailable, type Store } from "../store/store";

/** Opens the database for a command, says why not if it cannot, and always closes it. */
export async function withStore(command: string, fn: (store: Store) => Promise<number>): Promise<number> {
  let store: Store;
  try {
    store = await openStore();
  } catch (e) {
    if (!(e instanceof StoreUnavailable)) throw e;
    process.stderr.write(`lambdalens ${command}: ${e.message}\n`);
    return 1;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
