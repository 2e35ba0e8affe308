import { tmpdir } from "node:os";
import { join } from "node:path";

/** The port of this checkout's test server (LAMBDALENS_E2E_PORT keeps checkouts side by side apart). */
export const E2E_PORT = Number(process.env.LAMBDALENS_E2E_PORT ?? 3107);

/** The server's database in the browser tests: a temporary SQLite file that tests seed through the CLI. */
export const E2E_DATABASE_URL = process.env.LAMBDALENS_E2E_DATABASE_URL ?? join(tmpdir(), `lambdalens-e2e-${E2E_PORT}.db`);
