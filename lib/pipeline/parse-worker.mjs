// Worker entry: registers the TypeScript loader (workers do not inherit it), then runs
// the worker body.
import { register } from "tsx/esm/api";

register();
await import("./parse-worker-body.ts");
