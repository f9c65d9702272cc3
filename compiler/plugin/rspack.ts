// vedc/rspack: `plugins: [vedc()]` in rspack.config.js.
import { vedc } from "./unplugin.js";

export type { VedPluginOptions } from "./unplugin.js";
export default vedc.rspack;
