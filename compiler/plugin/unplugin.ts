// The bundler plugin, written once on unplugin: a `.ved` import becomes the
// compiled module, which imports vedc/runtime (so an app holds one copy of the
// runtime however many .ved files it imports). ./esbuild.ts, ./vite.ts,
// ./rollup.ts and ./webpack.ts hand it to each host.
import type { FilterPattern } from "unplugin";
import { loadOptional } from "../optional.js";
import { compileModule } from "./compile-module.js";
import { report } from "./messages.js";

export interface VedPluginOptions {
  /** Write `pool.d.ved.ts` beside each `pool.ved` as it compiles, typing its import. Default true. */
  types?: boolean;
  /** The .ved files to compile, as unplugin's filters take them (globs, regular expressions, paths). Default: every `.ved` file. */
  include?: FilterPattern;
  /** .ved files to leave alone, even when `include` takes them. Default: none. */
  exclude?: FilterPattern;
}

/** Globs (relative to the working directory), regular expressions or absolute paths, one or a list: unplugin's. */
export type { FilterPattern };

const VED = /\.ved$/;

// unplugin is optional (only the plugins need it): a config that imports a plugin without it is told which package to install.
const { createUnplugin } = await loadOptional("unplugin", "the vedc bundler plugins (vedc/vite, vedc/rollup, vedc/webpack, vedc/esbuild, vedc/rspack, vedc/rolldown)", () => import("unplugin"));

export const vedc = createUnplugin<VedPluginOptions | undefined, false>((options, meta) => ({
  name: "vedc",
  enforce: "pre",
  transform: {
    filter: { id: { include: options?.include ?? VED, ...(options?.exclude ? { exclude: options.exclude } : {}) } },
    async handler(source, id) {
      // Whatever `include` says, only Ved is compiled as Ved.
      if (!VED.test(id)) return null;
      const compiled = await compileModule(source, id, { types: options?.types ?? true });
      // Each file its imports reach (one that is missing too, for when it appears): changing it rebuilds this module.
      for (const f of compiled.imports) this.addWatchFile(f.file);
      report(this, meta.framework, compiled.diagnostics, { id, source, imports: compiled.imports });
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
