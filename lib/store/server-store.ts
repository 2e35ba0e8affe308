import { openStore, type Store } from "./store";

const globalForStore = globalThis as unknown as { lambdalensStore?: Promise<Store> };

/**
 * The web server's one store (a Prisma client and a connection pool per process, as
 * Prisma's own Next.js guidance has it), opened on first use and migrated then.
 */
export function serverStore(): Promise<Store> {
  if (!globalForStore.lambdalensStore) {
    globalForStore.lambdalensStore = openStore().catch((e) => {
      globalForStore.lambdalensStore = undefined;
      throw e;
    });
  }
  return globalForStore.lambdalensStore;
}
