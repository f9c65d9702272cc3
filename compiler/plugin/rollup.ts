// vedc/rollup: `plugins: [vedc()]` in rollup.config.js.
import { vedc } from "./unplugin.js";

export type { VedPluginOptions } from "./unplugin.js";
export default vedc.rollup;
