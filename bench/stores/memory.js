// The memory store: journals kept in this process, nothing survives a
// restart. One store for all the instances a suite creates, as a fleet shares one.
import { memoryStore } from "../../lib/runtime/index.js";

export default {
  name: "memory",
  async open() {
    const store = memoryStore();
    return {
      create: (domain, options) => domain.create({ ...options, store }),
      close: async () => {},
    };
  },
};
