// XState 5 running the same WorkerPool: an `observe` event sets the worker
// count, and two eventless (`always`) transitions, guarded like Ved's steps,
// move it one worker per microstep until neither guard holds. `ticks` counts
// the transitions, as a Ved instance does.
import { assign, createActor, setup } from "xstate";

export const xstateMachine = setup({
  guards: {
    tooFew: ({ context }) => context.workers < 5,
    tooMany: ({ context }) => context.workers > 5,
  },
  actions: {
    scaleUp: assign({ workers: ({ context }) => context.workers + 1, ticks: ({ context }) => context.ticks + 1 }),
    scaleDown: assign({ workers: ({ context }) => context.workers - 1, ticks: ({ context }) => context.ticks + 1 }),
    observe: assign({ workers: ({ event }) => event.workers }),
  },
}).createMachine({
  context: { workers: 0, ticks: 0 },
  initial: "running",
  states: {
    running: {
      always: [
        { guard: "tooFew", actions: "scaleUp" },
        { guard: "tooMany", actions: "scaleDown" },
      ],
      on: { observe: { actions: "observe" } },
    },
  },
});

export const xstate = {
  name: "XState 5",
  prepare: async (counts) => {
    const actor = createActor(xstateMachine).start();
    const start = actor.getSnapshot().context.ticks;
    return () => {
      for (const n of counts) actor.send({ type: "observe", workers: n });
      const { ticks, workers } = actor.getSnapshot().context;
      actor.stop();
      if (workers !== 5) throw new Error(`XState ended with ${workers} workers`);
      return ticks - start;
    };
  },
};
