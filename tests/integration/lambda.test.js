// The serverless target against a real PostgreSQL server: the handler a
// `vedc build --target lambda` bundle exports, invoked the ways the platform
// invokes it — directly, with SQS batches, on a schedule, fifty at once.
import { cleanup, spawn, tempDir, test, until } from "../harness.js";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { cli, replay, root } from "../helpers.js";
import { journalOf as readJournal, startPostgres } from "./pg-server.js";

const server = await startPostgres();
const dir = tempDir("lambda");
const fixture = join(root, "tests/fixtures/lambda");
const built = await cli(["build", join(fixture, "pool.ved"), "--target", "lambda", "--effects", join(fixture, "effects.ts"), "--outdir", dir]);
const bootLog = join(dir, "boots.log");
writeFileSync(bootLog, "");
// The handler reads its configuration from the environment, as on Lambda; the
// files run after this one in the same process must not see it.
const setting = { DATABASE_URL: server.url, BOOT_LOG: bootLog, VEDC_LEASE_MS: "2000" };
const saved = Object.fromEntries(Object.keys(setting).map((k) => [k, process.env[k]]));
Object.assign(process.env, setting);
cleanup(() => {
  for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
}, { afterFile: true });
const { handler, domain } = await import(join(dir, "pool.mjs"));
const context = { getRemainingTimeInMillis: () => 10_000 };

const journalOf = (id) => readJournal(server.url, id);

test("the build prints the bundle's size and its cold start", () => {
  assert.is(built.status, 0, built.stderr);
  assert.match(built.stdout, /pool\.mjs \(\d+\.\d kB, gzip \d+\.\d kB\).*; cold start \d+ ms/);
});

test("a direct invocation applies its observation and returns what it committed", async () => {
  const r = await handler({ id: "direct", observe: { workers: 1, asked: 0 } }, context);
  // A new instance first converges from its initial state (asking for 3), then heals the observed crash.
  assert.equal(r, { id: "direct", status: "converged", state: { workers: 1, asked: 2 }, transitions: ["scale_up", "scale_up"], failed: [] });
  const again = await handler({ id: "direct" }, context);
  assert.equal(again.transitions, [], "nothing to do the second time");
});

test("fifty concurrent invocations with overlapping and duplicated alerts: one serial history, one boot per scale-up", async () => {
  const invocations = Array.from({ length: 50 }, (_, i) => handler({ id: "race", observe: { workers: i % 3, asked: 0 }, key: `alert-${Math.floor(i / 2)}` }, context));
  const results = await Promise.all(invocations);
  assert.ok(results.every((r) => r.id === "race"));
  const journal = await journalOf("race");
  journal.forEach((r, i) => assert.is(r.seq, i + 1, "one serial history"));
  const keys = journal.filter((r) => r.t === "observe").map((r) => r.key);
  assert.is(keys.length, 25, "each alert applied once, its duplicate dropped");
  const state = replay(domain, journal);
  assert.is(state.workers + state.asked, 3);
  const scaleUps = journal.filter((r) => r.t === "transition").flatMap((r) => r.effects.map((e) => e.key));
  const boots = readFileSync(bootLog, "utf8").trim().split("\n").filter((l) => l.startsWith("race:")).map((l) => l.split(" ")[0]);
  assert.equal([...new Set(boots)].sort(), [...scaleUps].sort(), "every committed boot dispatched, none invented");
  assert.is(new Set(boots).size, scaleUps.length, "never one boot more than the scale-ups committed");
});

test("an SQS batch reports the messages that failed, and a redelivery changes nothing", async () => {
  const batch = {
    Records: [
      { messageId: "m1", body: JSON.stringify({ id: "sqs", observe: { workers: 0, asked: 0 } }) },
      { messageId: "m2", body: JSON.stringify({ id: "sqs", observe: { wrkers: 9 } }) },
      { messageId: "m3", body: "not json" },
      { messageId: "m4", body: JSON.stringify({ id: "sqs", observe: { workers: 2, asked: 0 } }) },
    ],
  };
  assert.equal(await handler(batch, context), { batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }] });
  const before = await journalOf("sqs");
  assert.equal(await handler(batch, context), { batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }] });
  assert.equal(await journalOf("sqs"), before, "the same messages again: dropped as duplicates");
});

test("a scheduled event only reconciles", async () => {
  const r = await handler({ "detail-type": "Scheduled Event", detail: { id: "scheduled" } }, context);
  assert.equal([r.id, r.status, r.transitions], ["scheduled", "converged", ["scale_up"]]);
});

test("a --target lambda build without the effects it needs is refused, naming them", async () => {
  const r = await cli(["build", join(fixture, "pool.ved"), "--target", "lambda", "--outdir", dir]);
  assert.is(r.status, 1);
  assert.match(r.stderr, "--target lambda needs --effects <file>: Pool declares boot");
  const wrong = join(dir, "wrong-effects.ts");
  writeFileSync(wrong, "export const reboot = () => {};\n");
  const w = await cli(["build", join(fixture, "pool.ved"), "--target", "lambda", "--effects", wrong, "--outdir", dir]);
  assert.is(w.status, 1);
  assert.match(w.stderr, "does not export 'boot' (it exports reboot)");
});

test("--target node: a controller process over the store the environment names, stopped cleanly by SIGTERM", async () => {
  const out = join(dir, "node-target");
  const b = await cli(["build", join(fixture, "pool.ved"), "--target", "node", "--effects", join(fixture, "effects.ts"), "--outdir", out]);
  assert.is(b.status, 0, b.stderr);
  const controller = spawn(process.execPath, [join(out, "pool.mjs")], { env: { ...process.env, DATABASE_URL: server.url }, stdio: ["pipe", "ignore", "pipe"] });
  controller.child.stdin.write(JSON.stringify({ id: "controlled", observe: { workers: 2, asked: 0 }, key: "k1" }) + "\n");
  await until(async () => (await journalOf("controlled")).filter((r) => r.t === "transition").length >= 2, "two transitions in the journal", 20_000, 50);
  controller.child.kill("SIGTERM");
  const { code } = await controller.exited;
  const { stderr } = controller.out;
  assert.is(code, 0, stderr);
  assert.match(stderr, "SIGTERM: stopping");
  const journal = await journalOf("controlled");
  assert.equal(journal.filter((r) => r.t === "transition").map((r) => r.set), [{ asked: 3 }, { asked: 1 }]);
  const c = new pg.Client(server.url);
  await c.connect();
  const { rows } = await c.query("SELECT owner FROM vedc.instances WHERE id = 'controlled'");
  await c.end();
  assert.is(rows[0].owner, null, "the lease was released on the way out");
});

test("an effect that fails for good is in the invocation's result, and its failed block lets the domain try again", async () => {
  const failing = tempDir("lambda-failing");
  writeFileSync(
    join(failing, "boots.ved"),
    `domain Boots {
  state {
    machines: int
    owned booting: int
    owned failures: int
  }
  effect boot(count: int) {
    done { booting -= count; machines += count }
    failed { booting -= count; failures += 1 }
  }
  goal sized: machines + booting == 2
  transition scale_up when machines + booting < 2 && failures < 2 {
    step {
      boot(2 - machines - booting)
      booting += 2 - machines - booting
    }
  }
}
`,
  );
  writeFileSync(join(failing, "effects.mjs"), `export async function boot() { throw Object.assign(new Error("no capacity in eu-west-1a"), { nonRetryable: true }); }\n`);
  const b = await cli(["build", join(failing, "boots.ved"), "--target", "lambda", "--effects", join(failing, "effects.mjs"), "--outdir", join(failing, "dist")]);
  assert.is(b.status, 0, b.stderr);
  const { handler: boots } = await import(join(failing, "dist", "boots.mjs"));
  const r = await boots({ id: "boots-1" }, context);
  // Each failure is seen by the domain (booting back to 0), which asks again until its guard says stop.
  const why = "Boots: effect 'boot' (from transition 'scale_up') failed: no capacity in eu-west-1a";
  assert.equal(r.failed.map((f) => [f.effect, f.attempts, f.error]), [["boot", 1, why], ["boot", 1, why]]);
  assert.equal([r.status, r.transitions, r.state], ["stuck", ["scale_up", "scale_up"], { machines: 0, booting: 0, failures: 2 }]);
});

test.run();
