/** Next.js calls this once per server process (see node_modules/next/dist/docs/.../instrumentation.md). */
export async function register(): Promise<void> {
  // not in the edge runtime, and not while `next build` prerenders pages
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServerAlerts } = await import("./lib/alerts/server-loop");
  // register must finish before the server takes requests: the loop starts, it is not awaited
  startServerAlerts().catch((e) => console.error(`alerts: the delivery loop did not start: ${(e as Error).message}`));
}
