// vedc/esbuild: `plugins: [vedc()]` in esbuild's build options. unplugin gives
// esbuild a message's file, line and column but not the line's text, which
// esbuild needs to draw its frame: this completes each message from the detail
// ./messages.ts leaves on it.
import type { OnLoadResult, PartialMessage, Plugin } from "esbuild";
import type { EsbuildDetail } from "./messages.js";
import { vedc, type VedPluginOptions } from "./unplugin.js";

export type { VedPluginOptions } from "./unplugin.js";

export default function vedcEsbuild(options?: VedPluginOptions): Plugin {
  const plugin = vedc.esbuild(options);
  return {
    name: plugin.name,
    setup: (build) =>
      plugin.setup({
        ...build,
        onLoad: (filter, callback) => build.onLoad(filter, async (args) => complete(await callback(args))),
      }),
  };
}

function complete(result: OnLoadResult | null | undefined): OnLoadResult | null | undefined {
  for (const m of [...(result?.errors ?? []), ...(result?.warnings ?? [])]) completeMessage(m);
  return result;
}

function completeMessage(m: PartialMessage): void {
  const detail = m.detail as EsbuildDetail | undefined;
  if (!detail || typeof detail.lineText !== "string" || !m.location) return;
  m.location = { ...m.location, lineText: detail.lineText, length: detail.length };
  m.notes = detail.notes;
  m.detail = undefined;
}
