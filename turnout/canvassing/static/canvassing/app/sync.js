/* Talking to the server: the turf list, turf downloads and the visit sync.

   The sync sends the pending visits in batches (at most config.batch), and marks each by the
   server's answer: "created" and "duplicate" mean the server has it (state "sent"); "rejected"
   keeps the visit with its reason. Nothing is ever deleted here: a visit stays "pending" until
   the server has confirmed it, so a closed tab or a lost connection mid-sync loses nothing and
   the replay is answered "duplicate". One sync at a time on the phone (a Web Lock when the
   browser has them, so two open tabs do not send the same batch together). */

export class NeedsLogin extends Error {}
export class Offline extends Error {}

async function request(url, options = {}) {
  const { headers = {}, ...rest } = options;
  let response;
  try {
    response = await fetch(url, {
      credentials: "same-origin",
      ...rest,
      headers: { Accept: "application/json", ...headers },
    });
  } catch (error) {
    throw new Offline(String(error));
  }
  const type = response.headers.get("Content-Type") || "";
  // A session that ended answers with the login page (a redirect), not JSON.
  if (response.redirected || response.status === 401 || response.status === 403) {
    throw new NeedsLogin(url);
  }
  if (!type.includes("json")) {
    if (response.status >= 500 || response.status === 0) throw new Offline(`${response.status}`);
    throw new NeedsLogin(url);
  }
  const data = await response.json();
  if (data && data.offline) throw new Offline("offline");
  return { status: response.status, data };
}

/* The CSRF cookie is HttpOnly: the token comes in the shell's settings. A shell kept offline
   may carry a token of an older session: on a refused POST, take a fresh one from the page. */
async function freshToken(appUrl) {
  try {
    const response = await fetch(appUrl, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) return "";
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const config = page.getElementById("canvass-config");
    return config ? JSON.parse(config.textContent).csrf || "" : "";
  } catch (error) {
    return "";
  }
}

export class Api {
  constructor(config) {
    this.base = config.urls.api;
    this.appUrl = config.urls.app;
    this.csrf = config.csrf || "";
  }

  turfs() {
    return request(`${this.base}turfs/`);
  }

  turf(uuid) {
    return request(`${this.base}turfs/${uuid}/`);
  }

  async sendVisits(visits) {
    const post = () =>
      request(`${this.base}visits/`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
        body: JSON.stringify({ visits }),
      });
    try {
      return await post();
    } catch (error) {
      if (!(error instanceof NeedsLogin)) throw error;
      const token = await freshToken(this.appUrl);
      if (!token) throw error;
      this.csrf = token;
      return post();
    }
  }
}

function withLock(name, work) {
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request(name, { ifAvailable: true }, (lock) => (lock ? work() : null));
  }
  return work();
}

export class Sync {
  constructor({ store, api, config, onChange }) {
    this.store = store;
    this.api = api;
    this.batch = Math.min(config.batch || 200, 200);
    this.lockName = `turnout-canvass-sync-${config.organization}-${config.user}`;
    this.onChange = onChange;
    this.running = false;
    this.problem = null; // null, "offline", "login" or "error"
  }

  async pending() {
    return this.store.all("visits", "state", "pending");
  }

  /* Send every pending visit; returns the turf versions the server reported. */
  async run() {
    if (this.running) return null;
    this.running = true;
    this.onChange();
    try {
      return await withLock(this.lockName, () => this._send());
    } finally {
      this.running = false;
      this.onChange();
    }
  }

  async _send() {
    const versions = {};
    this.problem = null;
    try {
      // Oldest first: the server orders history by visited_at anyway.
      const pending = (await this.pending()).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
      for (let start = 0; start < pending.length; start += this.batch) {
        const batch = pending.slice(start, start + this.batch);
        const { status, data } = await this.api.sendVisits(batch.map((visit) => visit.payload));
        if (status >= 400 || !Array.isArray(data.results)) {
          // The whole batch was refused (bad request): keep every visit pending.
          this.problem = "error";
          break;
        }
        await this._mark(data.results);
        Object.assign(versions, data.turfs || {});
      }
      await this.store.meta("lastSync", new Date().toISOString());
    } catch (error) {
      if (error instanceof NeedsLogin) this.problem = "login";
      else if (error instanceof Offline) this.problem = "offline";
      else throw error;
    }
    return versions;
  }

  async _mark(results) {
    const now = new Date().toISOString();
    const changes = {};
    for (const result of results) {
      changes[result.client_id] = (visit) => {
        if (visit.state === "sent") return undefined;
        if (result.status === "created" || result.status === "duplicate") {
          return { ...visit, state: "sent", reason: result.reason || "", sentAt: now };
        }
        if (result.status === "rejected") {
          return { ...visit, state: "rejected", reason: result.reason || "", sentAt: now };
        }
        return undefined; // unknown answer: stays pending, sent again next time
      };
    }
    await this.store.updateVisits(changes);
  }
}
