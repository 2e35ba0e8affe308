/** `orders-*`, `api-?` → a whole-name matcher; a name without wildcards matches itself only. */
export function globMatcher(glob: string | null): (name: string) => boolean {
  if (glob === null || glob === "*") return () => true;
  if (!/[*?]/.test(glob)) return (name) => name === glob;
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return (name) => re.test(name);
}
