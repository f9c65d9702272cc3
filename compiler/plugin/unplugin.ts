// The bundler plugin, written once on unplugin: a `.ved` import becomes the
// compiled module, which imports vedc/runtime (so an app holds one copy of the
// runtime however many .ved files it imports). ./esbuild.ts, ./vite.ts,
// ./rollup.ts and ./webpack.ts hand it to each host.
import { loadOptional } from "../optional.js";
import { compileModule } from "./compile-module.js";
import { report } from "./messages.js";

export interface VedPluginOptions {
  /** Write `pool.d.ved.ts` beside each `pool.ved` as it compiles, typing its import. Default true. */
  types?: boolean;
}

// unplugin is optional (only the plugins need it): a config that imports a plugin without it is told which package to install.
const { createUnplugin } = await loadOptional("unplugin", "the vedc bundler plugins (vedc/vite, vedc/rollup, vedc/webpack, vedc/esbuild, vedc/rspack, vedc/rolldown)", () => import("unplugin"));

export const vedc = createUnplugin<VedPluginOptions | undefined, false>((options, meta) => ({
  name: "vedc",
  enforce: "pre",
  transform: {
    filter: { id: /\.ved$/ },
    async handler(source, id) {
      const compiled = await compileModule(source, id, { types: options?.types ?? true });
      report(this, meta.framework, compiled.diagnostics, source, id);
      // Only esbuild gets here with errors: it needs a module to carry them.
      return { code: compiled.code ?? "", map: compiled.map };
    },
  },
  // Only .ved files pass through the plugin; the module is JavaScript by now.
  esbuild: { onLoadFilter: /\.ved$/, loader: "js" },
  rollup: {
    // Each module re-exports the runtime's stores; with the runtime left
    // external, Rollup would warn about every app that does not use them.
    onLog: (_level, log) => (log.code === "UNUSED_EXTERNAL_IMPORT" && log.exporter === "vedc/runtime" && log.ids?.every((id) => id.endsWith(".ved")) ? false : null),
  },
}));
