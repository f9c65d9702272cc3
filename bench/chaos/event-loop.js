// A reference, not a peer: one trip through the event loop per observation
// and no work at all. A live instance yields to the event loop (setImmediate)
// before applying each observation, so this is its ceiling.

export const eventLoop = {
  name: "(ref.) one setImmediate per observation, no work",
  reference: true,
  prepare: async (counts) => async () => {
    for (let i = 0; i < counts.length; i++) await new Promise((resolve) => setImmediate(resolve));
    return null;
  },
};
