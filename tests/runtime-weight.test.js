// What an app pays for the runtime: a bundle that imports vedc/runtime holds
// the runtime's own modules and nothing else — no pg, no compiler, no
// optional package — for Node and for the browser.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { relative } from "node:path";
import { root } from "./helpers.js";

for (const platform of ["node", "browser"]) {
  test(`a ${platform} bundle importing vedc/runtime pulls in only the runtime`, async () => {
    const result = await build({
      stdin: { contents: 'import { memoryStore, defineDomain, fileStore } from "vedc/runtime"; console.log(memoryStore, defineDomain, fileStore);', resolveDir: root, loader: "js" },
      bundle: true,
      write: false,
      metafile: true,
      platform,
      format: "esm",
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs).filter((i) => i !== "<stdin>").map((i) => relative(root, i));
    const outside = inputs.filter((i) => !i.startsWith("lib/runtime/") || i.startsWith("lib/runtime/store/postgres/") || i.startsWith("lib/runtime/targets/"));
    assert.equal(outside, [], "only runtime modules");
    assert.ok(inputs.length > 5);
  });
}

test.run();
