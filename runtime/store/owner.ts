// Who a process is, beyond its pid, and whether the process a lock names is
// still running. A pid alone is not an identity: pids are reused, and a
// process restarted in a new PID namespace (a container restart) is often
// pid 1 again, the dead owner's number. So a lock records
//   pid, host         where and which process
//   boot              /proc/sys/kernel/random/boot_id: a reboot starts a new boot
//   start             /proc/<pid>/stat field 22, the process's start time in
//                     clock ticks since boot: a reused pid has another one
//   pidns             /proc/self/ns/pid, the PID namespace the pid belongs to
// and an owner is alive only if all of them still match a running process.
//
// Without /proc (macOS, BSD) only pid and host are known: a lock is stale
// when its pid is not running; a reused pid keeps it held (refused, never
// shared) until the lock is removed by hand.
import { readFile, readdir, readlink } from "node:fs/promises";
import { hostname } from "node:os";

export interface Owner {
  pid: number;
  host: string;
  boot?: string;
  start?: string;
  pidns?: string;
}

/** Whether a lock's owner still runs: `alive` (with words naming it), or stale with the reason. */
export type Verdict = { alive: true; holder: string } | { alive: false; why: string };

let mine: Promise<Owner & { procIsOurs: boolean }> | undefined;

/** This process, as a lock records it. */
export function thisProcess(): Promise<Owner & { procIsOurs: boolean }> {
  mine ??= (async () => {
    // Without /proc (macOS, BSD) these are unknown (null): only pid and host are recorded, as the header says.
    const stat = await readFile("/proc/self/stat", "utf8").catch(() => null);
    const fields = stat === null ? null : statFields(stat);
    // /proc belongs to our PID namespace only if it shows us under our own pid.
    const procIsOurs = fields !== null && Number(fields.pid) === process.pid;
    const owner: Owner & { procIsOurs: boolean } = { pid: process.pid, host: hostname(), procIsOurs };
    const boot = (await readFile("/proc/sys/kernel/random/boot_id", "utf8").catch(() => "")).trim();
    if (boot) owner.boot = boot;
    if (fields) owner.start = fields.start;
    const pidns = await readlink("/proc/self/ns/pid").catch(() => "");
    if (pidns) owner.pidns = pidns;
    return owner;
  })();
  return mine;
}

/** Whether `owner` (read from a lock) still runs, as far as this process can tell. */
export async function judge(owner: Owner): Promise<Verdict> {
  const me = await thisProcess();
  const name = `process ${owner.pid}`;
  if (owner.host !== me.host) return { alive: true, holder: `${name} on ${owner.host}` }; // another machine: cannot tell, so never taken
  if (owner.boot && me.boot && owner.boot !== me.boot) return { alive: false, why: "the machine has restarted since" };
  if (owner.pidns && me.pidns && owner.pidns !== me.pidns) {
    // Another PID namespace (another container): its pid means nothing here. Look for it among the processes we can see.
    return (await visibleElsewhere(owner)) ? { alive: true, holder: `${name} of another PID namespace (${owner.pidns})` } : { alive: false, why: `it ran in another PID namespace (${owner.pidns}) that has no such process now` };
  }
  if (owner.pid === me.pid) {
    // Our own pid: this process, or an earlier one that had the same pid (a restart in a fresh container is pid 1 again).
    const earlier = { alive: false as const, why: "the process that had this pid before has exited" };
    if (owner.start !== undefined && me.start !== undefined) return owner.start === me.start ? { alive: true, holder: "this process" } : earlier;
    // A lock without a start time, where we have one, was written by an earlier process (an older vedc).
    if (owner.start === undefined && me.start !== undefined) return earlier;
    return { alive: true, holder: "this process" };
  }
  if (!running(owner.pid)) return { alive: false, why: `process ${owner.pid} is not running` };
  if (owner.start !== undefined && me.procIsOurs) {
    const stat = await readFile(`/proc/${owner.pid}/stat`, "utf8").catch(() => null);
    const start = stat === null ? null : statFields(stat)?.start;
    if (start === null) return { alive: false, why: `process ${owner.pid} is not running` };
    if (start !== undefined && start !== owner.start) return { alive: false, why: `pid ${owner.pid} now belongs to another process` };
  }
  return { alive: true, holder: name };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a process of another PID namespace, with the owner's start time,
 * is visible here (from a parent namespace, a child's processes are). A
 * process we cannot inspect counts as alive: never taken by a guess.
 */
async function visibleElsewhere(owner: Owner): Promise<boolean> {
  if (owner.start === undefined) return true;
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
    if (stat === null || statFields(stat)?.start !== owner.start) continue;
    const ns = await readlink(`/proc/${pid}/ns/pid`).catch(() => null);
    if (ns === null || ns === owner.pidns) return true;
  }
  return false;
}

/** The pid and start time in a /proc/<pid>/stat line. The name in parentheses may hold spaces and parentheses: fields are counted after its last ')'. */
function statFields(stat: string): { pid: string; start: string } | null {
  const close = stat.lastIndexOf(")");
  if (close < 0) return null;
  const rest = stat.slice(close + 2).split(" ");
  // rest[0] is field 3 (state), so field 22 (starttime) is rest[19].
  const start = rest[19];
  return start && /^\d+$/.test(start) ? { pid: stat.slice(0, stat.indexOf(" ")), start } : null;
}
