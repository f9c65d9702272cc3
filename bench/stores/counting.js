// A store that counts what it is asked to make durable. A store is just
// `{ open(id, domain) → journal }`, so this one opens the real store's
// journal and counts every commit() that has records — one write and one
// datasync in the file store, one transaction in PostgreSQL — and the
// records in them. `bytes`, when given, also sums each record's size as
// `bytes(record)` says (for the file store, its journal line): slower, so
// only for an unmeasured run.

export function counting(store, { bytes } = {}) {
  const counts = { commits: 0, records: 0, bytes: 0 };
  return {
    counts,
    store: {
      async open(id, domain) {
        const journal = await store.open(id, domain);
        const counted = {
          recover: () => journal.recover(),
          commit(records) {
            if (records.length > 0) {
              counts.commits++;
              counts.records += records.length;
              if (bytes) for (const r of records) counts.bytes += bytes(r);
            }
            return journal.commit(records);
          },
          close: () => journal.close(),
        };
        // A store whose ownership can end (PostgreSQL's lease) says so through these.
        if (journal.assertOwner) counted.assertOwner = () => journal.assertOwner();
        if (journal.onLost) counted.onLost = (listener) => journal.onLost(listener);
        // A store that reports trouble it survives (the file store's snapshot) says so through this.
        if (journal.onTrouble) counted.onTrouble = (listener) => journal.onTrouble(listener);
        return counted;
      },
    },
  };
}
