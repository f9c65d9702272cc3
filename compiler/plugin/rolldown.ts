// vedc/rolldown: `plugins: [vedc()]` in rolldown.config.js.
import { vedc } from "./unplugin.js";

export type { VedPluginOptions } from "./unplugin.js";
export default vedc.rolldown;
