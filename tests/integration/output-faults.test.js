// Writing outputs on a real full disk and a real read-only file system: the
// CLI says so in one line, exit 1, and leaves nothing half-written — no
// bundle without its .d.ts, no source that `vedc fmt --write` was rewriting
// cut short.
import { test, spawn, tempDir, cleanup } from "../harness.js";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plainEnv, vedc } from "../helpers.js";

const POOL = "domain   Pool {\n  state {\n    workers: int\n  }\n  goal workers == 5\n  transition up when workers < 5 {\n    step {\n      workers += 1\n    }\n  }\n}\n";

async function vedcRun(args, cwd) {
  const proc = spawn(process.execPath, [vedc, ...args], { cwd, env: plainEnv });
  proc.child.stdin.end();
  const { code } = await proc.exited;
  return { code, stderr: proc.out.stderr };
}

function tmpfs(options) {
  const dir = tempDir("tmpfs");
  execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]);
  cleanup(() => execFileSync("umount", ["-l", dir]));
  return dir;
}

test("a full disk: the build writes nothing, fmt --write leaves the source whole", async () => {
  const disk = tmpfs("size=64k");
  writeFileSync(join(disk, "pool.ved"), POOL);
  // Leave room for the source's own rewrite but not for a 50 kB bundle.
  writeFileSync(join(disk, "filler"), Buffer.alloc(40_000));
  const build = await vedcRun(["build", "pool.ved", "-o", "dist"], disk);
  assert.is(build.code, 1);
  assert.match(build.stderr, /^vedc: pool\.ved: not built: cannot write dist\/pool\.(js|d\.ts): no space left on the device\n$/);
  assert.equal(readdirSync(join(disk, "dist")), [], "no half-written bundle, no .d.ts without it");
  // Now fill it to the last byte: not even the source's own rewrite fits.
  try {
    for (;;) appendFileSync(join(disk, "filler"), Buffer.alloc(512));
  } catch (e) {
    assert.is(e.code, "ENOSPC");
  }
  const fmt = await vedcRun(["fmt", "--write", "pool.ved"], disk);
  assert.is(fmt.code, 1);
  assert.is(fmt.stderr, "vedc: cannot write pool.ved: no space left on the device\n");
  assert.is(readFileSync(join(disk, "pool.ved"), "utf8"), POOL, "the source is whole, as it was");
  assert.equal(readdirSync(disk).sort(), ["dist", "filler", "pool.ved"], "no temporary file left behind");
});

test("a read-only file system: one line naming the output, exit 1", async () => {
  const source = tempDir("ro-src");
  writeFileSync(join(source, "pool.ved"), POOL);
  const ro = tmpfs("size=64k,ro");
  const build = await vedcRun(["build", join(source, "pool.ved"), "-o", join(ro, "dist")], source);
  assert.is(build.code, 1);
  assert.is(build.stderr, `vedc: ${join(source, "pool.ved")}: not built: cannot write to ${join(ro, "dist")}: the file system is read-only\n`);
});

test.run();
