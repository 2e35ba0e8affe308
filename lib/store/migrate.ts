// Placeholder: replaced by the real Prisma migration step.
export async function runMigrations(): Promise<void> {}
