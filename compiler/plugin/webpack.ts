// vedc/webpack: `plugins: [vedc()]` in webpack.config.js.
import { vedc } from "./unplugin.js";

export type { VedPluginOptions } from "./unplugin.js";
export default vedc.webpack;
