// Time on PostgreSQL replicas: the replica that owns a waiting instance wakes
// it at its instant; killed with SIGKILL while it waits, the instance is taken
// over by another replica, which computes the deadline again from the stored
// state and fires at the original instant, not a new full cooldown.
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile, bundle } from "../../lib/compiler/index.js";
import { spawn, tempDir, test, untilOutput } from "../harness.js";
import { root } from "../helpers.js";
import { startPostgres } from "./pg-server.js";

const server = await startPostgres();

const coolSource = `domain Cool {
  state { queue: int; workers: int = 1; last_scaled: time }
  param cooldown: duration = 1500ms
  goal workers == queue
  transition scale_up when workers < queue && now - last_scaled >= cooldown {
    step {
      workers += 1
      last_scaled = now
    }
  }
}`;

const dir = tempDir("pg-time");
const modulePath = join(dir, "cool.js");
writeFileSync(modulePath, (await bundle((await compile(coolSource, { filename: "cool.ved", format: false })).code, { outfile: "cool.js" })).code);

/** A replica process (tests/integration/pg/replica.mjs); `scaled()` are its scale-ups' states, in order. */
function startReplica(name) {
  const proc = spawn(process.execPath, [join(root, "tests/integration/pg/replica.mjs"), modulePath, server.url, "500", name, "Cool", "0"]);
  const scaled = () =>
    proc.out.stdout
      .split("\n")
      .filter((l) => l.startsWith("transition q scale_up "))
      .map((l) => JSON.parse(l.slice("transition q scale_up ".length)));
  return { proc, scaled };
}

test("the owning replica wakes a waiting instance at its instant; SIGKILLed, another takes it over and fires at the original deadline", async () => {
  const a = startReplica("replica-a");
  await untilOutput(a.proc, (o) => o.stdout.includes("ready"), "replica a ready");
  a.proc.child.stdin.write(`q {"queue":4}\n`);
  // The first scale-up at once; the second by a's own timer, 1.5 s later.
  await untilOutput(a.proc, () => a.scaled().length === 2, "two scale-ups on replica a", 20_000);
  const [first, second] = a.scaled();
  assert.ok(second.last_scaled - first.last_scaled >= 1_500, `${second.last_scaled - first.last_scaled} ms apart`);
  assert.ok(second.last_scaled - first.last_scaled < 1_500 + 400, `${second.last_scaled - first.last_scaled} ms apart: late`);
  // Killed 300 ms into the next wait: no lease released, nothing more written.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, second.last_scaled + 300 - Date.now())));
  a.proc.child.kill("SIGKILL");
  await a.proc.exited;
  const b = startReplica("replica-b");
  await untilOutput(b.proc, (o) => o.stdout.includes("claimed q"), "replica b taking q over", 20_000);
  const claimed = Date.now();
  await untilOutput(b.proc, () => b.scaled().length === 1, "the third scale-up on replica b", 20_000);
  const third = b.scaled()[0];
  assert.is(third.workers, 4);
  assert.ok(third.last_scaled >= second.last_scaled + 1_500, `fired ${third.last_scaled - second.last_scaled} ms after the second scale-up: within the cooldown`);
  assert.ok(third.last_scaled < claimed + 1_000, `fired ${third.last_scaled - claimed} ms after the takeover: a new full cooldown, not the original deadline`);
});

test.run();
