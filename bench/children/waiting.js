// One run of the waiting suite, in a process of its own: N instances of the
// queue-worker autoscaler each scale up once and then wait for their
// cooldown. `fleet`: all in one fleet, sharing one timer heap; `own`: each
// created on its own, each arming its own timer. Counts the timers armed on
// the system clock, the ticks and the CPU time spent while every instance
// waits, then lets the cooldowns end and times how late the last wake is.
//   node waiting.js <bundle> <fleet|own> <instances> <cooldown ms> <idle ms>
import { pathToFileURL } from "node:url";

const [bundle, mode, size, cooldownText, idleText] = process.argv.slice(2);
const n = Number(size);
const cooldown = Number(cooldownText);
const { default: QueueWorkers, systemClock } = await import(pathToFileURL(bundle).href);

// The system clock, counting the timers set on it: what the process's timer list holds.
const system = systemClock();
let armed = 0;
const clock = { now: () => system.now(), setTimer: (at, fn) => (armed++, system.setTimer(at, fn)) };
const params = { cooldown };

const started = performance.now();
let instances;
let fleet = null;
if (mode === "fleet") {
  fleet = QueueWorkers.fleet({ clock, params });
  instances = await Promise.all(Array.from({ length: n }, (_, i) => fleet.instance(`q-${i}`)));
} else {
  instances = await Promise.all(Array.from({ length: n }, (_, i) => QueueWorkers.create({ id: `q-${i}`, clock, params }).start()));
}
// Each needs two workers more (one now, one after the cooldown): a first scale-up, then a wait.
await Promise.all(instances.map((i) => i.observe({ queue: 250 })));
const settled = await Promise.all(instances.map((i) => i.settled()));
const setupMs = performance.now() - started;
const waiting = settled.filter((s) => s.status === "waiting").length;
const lastDeadline = Math.max(...settled.map((s) => s.until ?? 0));
const armedWhileWaiting = armed;

// A while of waiting: nothing should run.
const ticks = () => instances.reduce((sum, i) => sum + i.metrics().ticks, 0);
const ticksBefore = ticks();
const cpuBefore = process.cpuUsage();
const idleStarted = performance.now();
await new Promise((resolve) => setTimeout(resolve, Number(idleText)));
const cpu = process.cpuUsage(cpuBefore);
const idleMs = performance.now() - idleStarted;
const ticksWhileWaiting = ticks() - ticksBefore;

// The cooldowns end: every instance wakes by itself and adds its second worker.
for (;;) {
  if (instances.every((i) => i.getState().workers === 3)) break;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const lastWakeLateMs = Date.now() - lastDeadline;
await (fleet ? fleet.stop() : Promise.all(instances.map((i) => i.stop())));

process.stdout.write(JSON.stringify({ mode, instances: n, waiting, setupMs, armedWhileWaiting, ticksWhileWaiting, idleMs, idleCpuMs: (cpu.user + cpu.system) / 1000, lastWakeLateMs }));
