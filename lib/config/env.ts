import { z } from "zod";

const schema = z.object({
  LAMBDALENS_PASSWORD: z.string().min(1).optional(),
  LAMBDALENS_API_TOKEN: z.string().min(16, "LAMBDALENS_API_TOKEN must be at least 16 characters").optional(),
  /** signs session cookies; without it a key is derived from the password (changing the password ends every session) */
  LAMBDALENS_SESSION_SECRET: z.string().min(16, "LAMBDALENS_SESSION_SECRET must be at least 16 characters").optional(),
  LAMBDALENS_SESSION_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  /** where users reach the dashboard (behind a proxy): its origin is accepted on mutations, alerts link to it */
  LAMBDALENS_PUBLIC_URL: z.string().url("LAMBDALENS_PUBLIC_URL must be a URL like https://lambdalens.example.com").optional(),
  /** largest upload accepted, in bytes (default 10 GiB) */
  LAMBDALENS_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 ** 3),
  /** where uploads are streamed to before they are ingested (default: data/uploads) */
  LAMBDALENS_UPLOAD_DIR: z.string().min(1).optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The environment, read and validated once; a bad value stops with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) throw new Error(`lambdalens: bad environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  cached = parsed.data;
  return cached;
}
