// The scenario the file-store fault tests run again and again, failing or
// stopping at a different file operation each time. A healthy prefix leaves
// an instance with a snapshot, a torn tail and a stale lock (so recovery
// cuts, and the lock is taken over); then the faulty phase starts it,
// observes one by one and many at once (group commit, snapshots every 4
// records), and stops it. Every observation says what became of it.
import { appendFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const ID = "pool";
export const SNAPSHOT_EVERY = 4;
/** Keys the healthy prefix commits: they must survive whatever happens later. */
export const PREFIX_KEYS = ["p0", "p1", "p2", "p3", "p4"];

export async function prepare(dir, Domain, store) {
  const inst = await Domain.create({ id: ID, store }).start();
  for (const [i, key] of PREFIX_KEYS.entries()) {
    await inst.observe({ workers: i * 2 }, { key });
    await inst.settled();
  }
  await inst.stop();
  const folder = join(dir, ID);
  const newest = readdirSync(folder).filter((f) => f.startsWith("journal-")).sort().at(-1);
  appendFileSync(join(folder, newest), '0123456789ab [{"t":"observe","seq":');
  // A lock left by a process of an earlier boot: stale, so it is taken over.
  writeFileSync(join(folder, "LOCK"), JSON.stringify({ pid: 1, host: hostname(), boot: "00000000-0000-0000-0000-000000000000", start: "1", token: "00000000-0000-4000-8000-00000000beef" }) + "\n");
}

/**
 * The faulty phase. `report(key, outcome, error)` is told of each
 * observation: "acked" once observe() resolved, "rejected" once it rejected;
 * `report("start", "failed", error)` when start() fails.
 */
export async function run(Domain, store, report) {
  const inst = Domain.create({ id: ID, store });
  inst.on("error", () => {});
  try {
    await inst.start();
  } catch (error) {
    report("start", "failed", error);
    return;
  }
  const observe = (key, workers) =>
    inst.observe({ workers }, { key }).then(
      () => report(key, "acked"),
      (error) => report(key, "rejected", error),
    );
  for (let i = 0; i < 3; i++) await observe(`one${i}`, i + 7);
  await Promise.all(Array.from({ length: 6 }, (_, i) => observe(`many${i}`, i)));
  for (let i = 0; i < 2; i++) await observe(`last${i}`, 9 - i);
  await inst.settled();
  await inst.stop().catch(() => {});
}
