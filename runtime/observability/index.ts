// vedc/observability: watching instances from the tools operators already
// use. prometheus() is a telemetry that keeps Prometheus metrics in a
// registry to mount in your own server; tracing() one that makes
// OpenTelemetry spans (a no-op until your application registers an SDK);
// combine() runs several. Pass one as `telemetry` when creating an instance,
// a fleet or a replica. readFileStore() reads a file store beside a live
// controller, without owning it, and summarize/detail/history say what it
// holds, as vedc inspect does.
export { prometheus, type PrometheusOptions, type PrometheusTelemetry } from "./prometheus.js";
export { tracing, type TracingOptions } from "./tracing.js";
export { combine, watchJournal, type JournalWatch } from "./telemetry.js";
export { createLogger, logEvents, type Logger } from "./logging.js";
export { readFileStore } from "../store/file-reader.js";
export { StoreReadError, type StoreReader, type StoredInstance, type StoredOwner } from "../store/reader.js";
export { summarize, detail, history, type InstanceSummary, type InstanceDetail, type HistoryLine, type GoalReport, type OutboxReport, type StoredStatus } from "./inspect.js";
export type { Telemetry, InstanceProbe, InstanceView, ObservationOutcome } from "../api.js";
