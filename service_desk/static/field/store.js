// Captured attentions kept in IndexedDB: they survive reloads, closing the browser
// and restarting the device, until they are sent and the agent clears them.
const DB_NAME = "juntos-campo";
const STORE = "atenciones";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: "client_uuid" });
      store.createIndex("state", "state");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const store = {
  all: () => run("readonly", (s) => s.getAll()),
  get: (id) => run("readonly", (s) => s.get(id)),
  put: (item) => run("readwrite", (s) => s.put(item)),
  remove: (id) => run("readwrite", (s) => s.delete(id)),
  putMany: (items) => run("readwrite", (s) => { items.forEach((item) => s.put(item)); }),
};
