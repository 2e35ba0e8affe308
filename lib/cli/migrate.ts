import { runMigrations, StoreUnavailable } from "../store/store";

export async function migrateCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write("Usage: lambdalens migrate\n\nApplies pending database migrations (DATABASE_URL, default ./data/lambdalens.db).\n");
    return 0;
  }
  try {
    await runMigrations((l) => process.stdout.write(l + "\n"));
    return 0;
  } catch (e) {
    if (!(e instanceof StoreUnavailable)) throw e;
    process.stderr.write(`lambdalens migrate: ${e.message}\n`);
    return 1;
  }
}
