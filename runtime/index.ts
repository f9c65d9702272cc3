// vedc/runtime: what compiled Ved modules link against. Knows nothing of the
// compiler. `reconcile` is the pure core; `DomainInstance` the shell around it.
export * from "./core.js";
export { fileStore, type FileStoreOptions } from "./store/file.js";
