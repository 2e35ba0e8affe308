-- Written by hand, not by `npm run db:schemas`: the Prisma schema keeps the relations (the
-- client reads through them), only PostgreSQL stops checking them on every invocation row.
-- Checking both keys cost 30% of a bulk ingest (npm run bench:ceiling). Invocations are
-- written by lib/store/ingest/bulk-writer.ts alone, which creates the function and the
-- environment in the same transaction first, and nothing deletes functions or environments.
ALTER TABLE "invocations" DROP CONSTRAINT "invocations_functionId_fkey";
ALTER TABLE "invocations" DROP CONSTRAINT "invocations_environmentId_fkey";
