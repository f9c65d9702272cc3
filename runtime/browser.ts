// vedc/runtime in a browser bundle (the "browser" export condition): the same
// runtime, with a fileStore that says why it cannot work there, so that an app
// bundled for the browser pulls in no Node modules.
import type { Store } from "./api.js";

export * from "./core.js";

export interface FileStoreOptions {
  snapshotEvery?: number;
}

export function fileStore(dir: string, options?: FileStoreOptions): Store {
  void options;
  throw new Error(`fileStore(${JSON.stringify(dir)}) needs Node.js: in a browser, use memoryStore()`);
}
