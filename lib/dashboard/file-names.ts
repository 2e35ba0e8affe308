/**
 * The function a file stands for when its lines name none: its name up to the first
 * dot (Lambda function names hold no dots), as `analyze` and `ingest` name them
 * (lib/parse/names.ts, whose NameCache keeps it out of browser code).
 */
export function defaultFunctionName(fileName: string): string {
  const base = fileName.replace(/\\/g, "/").split("/").pop() ?? fileName;
  return base.split(".")[0] || base;
}
