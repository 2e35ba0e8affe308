import { servers } from "./support";

/** The database of the main (SQLite) dashboard of the browser tests, which the alerts tests seed through the CLI. */
export const E2E_DATABASE_URL = servers().sqlite.db;
