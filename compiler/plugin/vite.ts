// vedc/vite: `plugins: [vedc()]` in vite.config.ts.
import { vedc } from "./unplugin.js";

export type { VedPluginOptions } from "./unplugin.js";
export default vedc.vite;
