/* A small IndexedDB wrapper for the canvassing app.

   One database per organization and user on the phone ("turnout-canvass-<org>-<user>"), with
   three stores:
   - turfs:  the turf packages downloaded (GET api/turfs/<uuid>/), key "uuid", plus
             downloadedAt and reassigned;
   - visits: the visits recorded on this phone, key "client_id", with "state" (pending, sent,
             rejected), "reason", "turf", "address", savedAt, sentAt, and "payload" (what is
             sent to the server);
   - meta:   small values (lastSync).
   Every write resolves only when its transaction has completed: the app says "saved" after. */

const VERSION = 1;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error("aborted"));
  });
}

export async function openDatabase(name) {
  const request = indexedDB.open(name, VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("turfs")) db.createObjectStore("turfs", { keyPath: "uuid" });
    if (!db.objectStoreNames.contains("visits")) {
      const visits = db.createObjectStore("visits", { keyPath: "client_id" });
      visits.createIndex("state", "state");
      visits.createIndex("turf", "turf");
    }
    if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
  };
  return new Store(await promised(request));
}

export class Store {
  constructor(db) {
    this.db = db;
  }

  async get(store, key) {
    return promised(this.db.transaction(store).objectStore(store).get(key));
  }

  async all(store, index, value) {
    const source = this.db.transaction(store).objectStore(store);
    const target = index ? source.index(index) : source;
    return promised(value === undefined ? target.getAll() : target.getAll(value));
  }

  async put(store, value, key) {
    const transaction = this.db.transaction(store, "readwrite");
    transaction.objectStore(store).put(value, key);
    await done(transaction);
  }

  async delete(store, key) {
    const transaction = this.db.transaction(store, "readwrite");
    transaction.objectStore(store).delete(key);
    await done(transaction);
  }

  /* Change several visits in one transaction: ``changes`` maps client_id -> function(visit)
     returning the new visit (or undefined to leave it as it is). */
  async updateVisits(changes) {
    const transaction = this.db.transaction("visits", "readwrite");
    const store = transaction.objectStore("visits");
    for (const [clientId, change] of Object.entries(changes)) {
      const request = store.get(clientId);
      request.onsuccess = () => {
        if (!request.result) return;
        const updated = change(request.result);
        if (updated) store.put(updated);
      };
    }
    await done(transaction);
  }

  async meta(key, value) {
    if (value === undefined) return this.get("meta", key);
    return this.put("meta", value, key);
  }
}
