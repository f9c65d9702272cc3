// What the numbers were measured on: they mean little without it.
import { cpus, totalmem } from "node:os";

export function machine() {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cores[0]?.model.trim() ?? "unknown",
    cores: cores.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
  };
}
