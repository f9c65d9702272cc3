// A reference, not a peer: one trip through the event loop per observation
// and no work at all — what an instance that yielded to the event loop
// (setImmediate) before each observation could never beat. A live instance
// now yields once per time slice (1 ms) instead, so it can.

export const eventLoop = {
  name: "(ref.) one setImmediate per observation, no work",
  reference: true,
  prepare: async (counts) => async () => {
    for (let i = 0; i < counts.length; i++) await new Promise((resolve) => setImmediate(resolve));
    return null;
  },
};
