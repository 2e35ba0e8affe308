import { openStore, type Store } from "./store";

const g = globalThis as unknown as { lambdalensServerStore?: Promise<Store> };

/**
 * The dashboard server's one store, shared by pages, route handlers and the alert
 * delivery loop started from instrumentation.ts (kept on globalThis: each is bundled
 * separately but runs in the same process). A failed open is forgotten, so the next
 * request tries again.
 */
export function serverStore(): Promise<Store> {
  if (!g.lambdalensServerStore) {
    g.lambdalensServerStore = openStore().catch((e) => {
      g.lambdalensServerStore = undefined;
      throw e;
    });
  }
  return g.lambdalensServerStore;
}

/** Closes and forgets the server's store (tests that point DATABASE_URL elsewhere; a server shutting down). */
export async function closeServerStore(): Promise<void> {
  const open = g.lambdalensServerStore;
  g.lambdalensServerStore = undefined;
  if (open) await (await open.catch(() => null))?.close();
}
