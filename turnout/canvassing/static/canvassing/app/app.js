/* The canvassing app on the phone: "My turfs", a turf (list and map), a door (outcome, survey,
   consent, notes). Screens are drawn from IndexedDB, so everything works offline once a turf is
   downloaded; the service worker keeps the page itself. Strings come translated from the shell
   (#canvass-strings), settings from #canvass-config. Routes live in the URL's hash:
   #/  ·  #/t/<turf uuid>  ·  #/t/<turf uuid>/map  ·  #/t/<turf uuid>/s/<address id> */

import { openDatabase } from "./db.js";
import { drawTurfMap } from "./mapview.js";
import { keptAnswers, localized, pathEnds, questionPath } from "./survey.js";
import { Api, NeedsLogin, Offline, Sync } from "./sync.js";
import { field, h, translator } from "./ui.js";

const config = JSON.parse(document.getElementById("canvass-config").textContent);
const t = translator(JSON.parse(document.getElementById("canvass-strings").textContent), config.language);
const OUTCOMES = ["not_home", "refused", "talked", "come_back", "moved"];
const main = document.querySelector("[data-app]");
const bannerText = document.querySelector("[data-banner-text]");
const banner = document.querySelector("[data-banner]");
const syncButton = document.querySelector("[data-sync-now]");
const api = new Api(config);
let store = null;
let sync = null;
let notice = ""; // a one-time message shown at the top of the next screen ("Saved…")
let map = null;
let shownRoute = "";

function uuid4() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function when(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(config.language, { dateStyle: "short", timeStyle: "short" }).format(
    new Date(iso)
  );
}

function turfTitle(turf) {
  return turf.name || t("turf_number", { number: turf.number });
}

/* ---------------------------------------------------------------- banner and sync --- */

async function updateBanner() {
  if (!store) return;
  const visits = await store.all("visits");
  const pending = visits.filter((v) => v.state === "pending").length;
  const rejected = visits.filter((v) => v.state === "rejected").length;
  const online = navigator.onLine;
  let text;
  let state = "ok";
  let link = null;
  if (!online) {
    text = pending ? t("offline_waiting", { n: pending }) : t("offline");
    state = "offline";
  } else if (sync && sync.running) {
    text = t("syncing");
    state = "busy";
  } else if (pending) {
    state = "waiting";
    if (sync && sync.problem === "login") {
      text = t("login_again");
      link = h("a", { href: config.urls.login, class: "app-banner-link" }, t("log_in"));
    } else if (sync && sync.problem) {
      text = `${t("online_waiting", { n: pending })} — ${t("sync_failed")}`;
    } else {
      text = t("online_waiting", { n: pending });
    }
  } else {
    text = t("all_synced");
  }
  if (rejected) text = `${text} · ${t("rejected_n", { n: rejected })}`;
  bannerText.replaceChildren(text, ...(link ? [" ", link] : []));
  banner.dataset.state = state;
  banner.dataset.pending = String(pending);
  syncButton.hidden = !online || !pending || (sync && sync.running);
}

/* Draw the screen again with fresh data, unless a door is being filled in (nothing typed may
   go) or the map is open (it would lose its zoom). */
async function softRender() {
  if (document.querySelector("[data-door-form]") || map) return;
  await render();
}

async function runSync() {
  if (!sync || !navigator.onLine) return updateBanner();
  const before = (await sync.pending()).length;
  const versions = await sync.run();
  if (versions) await refreshTurfVersions(versions);
  await updateBanner();
  const after = (await sync.pending()).length;
  if (before !== after || (versions && Object.keys(versions).length)) await softRender();
}

/* Downloaded turfs whose version on the server moved on are fetched again (new stops, other
   canvassers' visits); one given to someone else is marked and its visits still sent. */
async function refreshTurfVersions(versions) {
  for (const [uuid, version] of Object.entries(versions)) {
    const kept = await store.get("turfs", uuid);
    if (kept && !kept.reassigned && kept.version !== version) await download(uuid, { quiet: true });
  }
}

async function refreshTurfList() {
  try {
    const { status, data } = await api.turfs();
    if (status !== 200) return;
    await store.meta("turfList", data.turfs || []);
    const listed = new Map((data.turfs || []).map((turf) => [turf.uuid, turf]));
    for (const kept of await store.all("turfs")) {
      const now = listed.get(kept.uuid);
      if (!now) {
        if (!kept.reassigned) await download(kept.uuid, { quiet: true });
      } else if (now.version !== kept.version || kept.reassigned) {
        await download(kept.uuid, { quiet: true });
      }
    }
  } catch (error) {
    if (error instanceof NeedsLogin && sync) sync.problem = "login";
    else if (!(error instanceof Offline)) throw error;
  }
}

async function download(uuid, { quiet = false } = {}) {
  try {
    const { status, data } = await api.turf(uuid);
    const kept = await store.get("turfs", uuid);
    if (status === 200) {
      await store.put("turfs", { ...data, downloadedAt: new Date().toISOString(), reassigned: false });
      return true;
    }
    if ((status === 410 || status === 404) && kept) {
      await store.put("turfs", { ...kept, reassigned: true });
      return false;
    }
  } catch (error) {
    if (!(error instanceof Offline || error instanceof NeedsLogin)) throw error;
  }
  if (!quiet) notice = t("download_failed");
  return false;
}

/* ---------------------------------------------------------------- turf data helpers --- */

async function visitsOf(turf) {
  const local = await store.all("visits", "turf", turf.uuid);
  return local;
}

/* Each stop with its visits (the server's and this phone's, once each) and its state. */
function stopsWithState(turf, localVisits) {
  let nextFound = false;
  return (turf.stops || []).map((stop, index) => {
    const byId = new Map();
    for (const visit of stop.visits || []) byId.set(visit.client_id, { ...visit, state: "sent" });
    for (const visit of localVisits) {
      if (String(visit.address) === String(stop.address)) {
        byId.set(visit.client_id, {
          client_id: visit.client_id,
          outcome: visit.payload.outcome,
          door: visit.payload.door,
          visited_at: visit.payload.visited_at,
          state: visit.state,
          reason: visit.reason,
        });
      }
    }
    const visits = [...byId.values()].sort((a, b) => (a.visited_at || "").localeCompare(b.visited_at || ""));
    const doors = Math.max(stop.doors || 1, 1);
    const knocked = visits.filter((v) => v.outcome !== "come_back" && v.state !== "rejected").length;
    const doneDoors = Math.min(knocked, doors);
    let state = doneDoors >= doors ? "done" : "todo";
    if (state === "todo" && !nextFound) {
      state = "next";
      nextFound = true;
    }
    return { ...stop, number: index + 1, visits, doors, doneDoors, state, last: visits[visits.length - 1] || null };
  });
}

/* ---------------------------------------------------------------- screens --- */

function screen(title, ...children) {
  if (map) {
    map.remove();
    map = null;
  }
  const shown = notice;
  notice = "";
  main.replaceChildren(
    ...(shown ? [h("p", { class: "app-toast", role: "status" }, shown)] : []),
    h("h1", { class: "app-title" }, title),
    ...children.filter(Boolean)
  );
  document.title = `${title} · ${config.organizationName}`;
}

async function turfsScreen() {
  const listed = (await store.meta("turfList")) || [];
  const kept = new Map((await store.all("turfs")).map((turf) => [turf.uuid, turf]));
  const visits = await store.all("visits");
  const lastSync = await store.meta("lastSync");
  const rows = listed.map((turf) => ({ ...turf, kept: kept.get(turf.uuid) }));
  for (const turf of kept.values()) {
    if (!rows.some((row) => row.uuid === turf.uuid)) rows.push({ ...turf, kept: turf });
  }
  const cards = rows.map((turf) => {
    const pending = visits.filter((v) => v.turf === turf.uuid && v.state === "pending").length;
    const doors = turf.doors ?? (turf.stops || []).reduce((sum, s) => sum + (s.doors || 1), 0);
    const stops = Array.isArray(turf.stops) ? turf.stops.length : turf.stops;
    const button = h(
      "button",
      {
        type: "button",
        class: turf.kept ? "app-button secondary" : "app-button",
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          event.currentTarget.textContent = t("downloading");
          await download(turf.uuid);
          await render();
        },
        disabled: !navigator.onLine || (turf.kept && turf.kept.reassigned),
      },
      turf.kept ? t("update") : t("download")
    );
    return h(
      "li",
      { class: "app-card", dataset: { turf: turf.uuid } },
      h("h2", {}, turfTitle(turf)),
      turf.effort && h("p", { class: "app-muted" }, turf.effort.name),
      h(
        "p",
        {},
        t("doors_n", { n: doors }),
        stops != null && ` · ${t("addresses_n", { n: stops })}`
      ),
      h(
        "p",
        { class: "app-badges" },
        turf.kept && h("span", { class: "app-badge ok" }, `✓ ${t("downloaded")}`),
        pending > 0 && h("span", { class: "app-badge waiting" }, t("pending_n", { n: pending }))
      ),
      turf.kept && turf.kept.reassigned && h("p", { class: "app-notice", role: "note" }, t("reassigned")),
      h(
        "div",
        { class: "app-actions" },
        turf.kept && h("a", { class: "app-button", href: `#/t/${turf.uuid}` }, t("open")),
        button
      )
    );
  });
  const empty = navigator.onLine ? t("no_turfs") : t("no_turfs_offline");
  screen(
    t("my_turfs"),
    h("p", { class: "app-muted", dataset: { lastSync: lastSync || "" } }, lastSync ? t("last_sync", { when: when(lastSync) }) : t("never_synced")),
    cards.length ? h("ul", { class: "app-cards" }, cards) : h("p", { class: "app-notice" }, empty),
    h("p", { class: "app-help" }, t("install_hint"))
  );
}

function tabs(turf, active) {
  const tab = (name, href, label) =>
    h("a", { class: "app-tab", href, "aria-current": active === name ? "page" : null }, label);
  return h(
    "nav",
    { class: "app-tabs" },
    tab("list", `#/t/${turf.uuid}`, t("list")),
    tab("map", `#/t/${turf.uuid}/map`, t("map"))
  );
}

async function turfScreen(uuid, view, arrived) {
  const turf = await store.get("turfs", uuid);
  if (!turf) {
    screen(t("not_found"), h("p", {}, h("a", { class: "app-button", href: "#/" }, t("back_to_turfs"))));
    return;
  }
  const stops = stopsWithState(turf, await visitsOf(turf));
  const head = [
    h("p", {}, h("a", { href: "#/", class: "app-back" }, `← ${t("back_to_turfs")}`)),
    turf.effort && h("p", { class: "app-muted" }, turf.effort.name),
    turf.reassigned && h("p", { class: "app-notice", role: "note" }, t("reassigned")),
    tabs(turf, view),
  ];
  if (view === "map") {
    const box = h("div", { class: "app-map", role: "img", "aria-label": t("map") });
    screen(turfTitle(turf), ...head, box, h("p", { class: "app-help" }, t("map_offline")));
    map = drawTurfMap(box, {
      tiles: config.tiles,
      attribution: config.attribution,
      route: turf.route,
      stops,
      onOpen: (stop) => {
        location.hash = `#/t/${uuid}/s/${stop.address}`;
      },
    });
    return;
  }
  const items = stops.map((stop) =>
    h(
      "li",
      { class: `app-stop app-stop-${stop.state}`, dataset: { address: stop.address } },
      h(
        "a",
        { href: `#/t/${uuid}/s/${stop.address}`, class: "app-stop-link" },
        h("span", { class: "app-stop-number", "aria-hidden": "true" }, stop.state === "done" ? "✓" : String(stop.number)),
        h(
          "span",
          { class: "app-stop-body" },
          h("strong", {}, stop.label),
          h(
            "span",
            { class: "app-muted" },
            t("doors_done", { done: stop.doneDoors, total: stop.doors }),
            stop.last && ` · ${t(`outcome_${stop.last.outcome}`)}`
          )
        ),
        stop.state === "next" && h("span", { class: "app-badge next" }, t("next_door")),
        stop.state === "done" && h("span", { class: "app-visually-hidden" }, t("done"))
      )
    )
  );
  screen(turfTitle(turf), ...head, h("ol", { class: "app-stops" }, items));
  const next = main.querySelector(".app-stop-next");
  if (next && arrived) next.scrollIntoView({ block: "center" });
}

/* ---------------------------------------------------------------- the door --- */

function emptyDraft() {
  return {
    door: "",
    outcome: "",
    answers: {},
    consent: false,
    person: { given_name: "", family_name: "", email: "", phone: "" },
    consentEmail: false,
    consentSms: false,
    notes: "",
  };
}

function bind(input, object, key) {
  input.value = object[key] || "";
  input.addEventListener("input", () => {
    object[key] = input.value;
  });
  return input;
}

function questionBlock(question, draft, rerender) {
  const language = config.language;
  const name = `q-${question.key}`;
  const legend = h("legend", {}, localized(question.text, language));
  const note = question.sensitive && h("p", { class: "app-sensitive" }, `⚠ ${t("sensitive")}`);
  if (question.kind === "text") {
    const input = h("textarea", { name, rows: 2 });
    bind(input, draft.answers, question.key);
    return h("div", { class: "app-question", dataset: { question: question.key } }, field(localized(question.text, language), input), note);
  }
  const multi = question.kind === "multi";
  const current = draft.answers[question.key];
  const options = (question.choices || []).map((choice) => {
    const checked = multi ? (current || []).includes(choice.key) : current === choice.key;
    const input = h("input", {
      type: multi ? "checkbox" : "radio",
      name,
      value: choice.key,
      checked,
      onchange: () => {
        if (multi) {
          const values = new Set(draft.answers[question.key] || []);
          if (input.checked) values.add(choice.key);
          else values.delete(choice.key);
          draft.answers[question.key] = [...values];
        } else {
          draft.answers[question.key] = choice.key;
          rerender();
        }
      },
    });
    return h("label", { class: "app-choice" }, input, h("span", {}, localized(choice.text, language)));
  });
  return h(
    "fieldset",
    { class: "app-question", dataset: { question: question.key } },
    legend,
    note,
    multi && h("p", { class: "app-help" }, t("choose_several")),
    options
  );
}

function consentBlock(turf, draft, errors, rerender) {
  const text = localized(turf.consent_text, config.language);
  if (!text) return h("section", { class: "app-section" }, h("h2", {}, t("consent_title")), h("p", { class: "app-notice" }, t("consent_missing")));
  const agree = h("input", {
    type: "checkbox",
    name: "consent",
    checked: draft.consent,
    onchange: () => {
      draft.consent = agree.checked;
      rerender();
    },
  });
  const person = draft.person;
  const input = (key, type, autocomplete) => bind(h("input", { type, name: key, autocomplete, inputmode: type === "tel" ? "tel" : null }), person, key);
  const check = (key, label) => {
    const box = h("input", { type: "checkbox", name: key, checked: draft[key], onchange: () => (draft[key] = box.checked) });
    return h("label", { class: "app-choice small" }, box, h("span", {}, label));
  };
  return h(
    "section",
    { class: "app-section app-consent" },
    h("h2", {}, t("consent_title")),
    h("p", {}, t("consent_intro")),
    h("blockquote", { class: "app-consent-text" }, text),
    h("label", { class: "app-choice" }, agree, h("span", {}, t("consent_agree"))),
    draft.consent &&
      h(
        "div",
        { class: "app-person" },
        errors.person && h("p", { class: "app-error", role: "alert" }, errors.person),
        field(t("given_name"), input("given_name", "text", "off")),
        field(t("family_name"), input("family_name", "text", "off")),
        field(t("email"), input("email", "email", "off"), { error: errors.email }),
        check("consentEmail", t("consent_email")),
        field(t("phone"), input("phone", "tel", "off"), { error: errors.phone }),
        check("consentSms", t("consent_sms"))
      )
  );
}

function validate(draft) {
  const errors = {};
  if (!OUTCOMES.includes(draft.outcome)) errors.outcome = t("choose_outcome");
  if (draft.outcome === "talked" && draft.consent) {
    const p = draft.person;
    if (![p.given_name, p.family_name, p.email, p.phone].some((v) => v.trim())) errors.person = t("need_contact");
    if (p.email.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(p.email.trim())) errors.email = t("bad_email");
    if (p.phone.trim() && p.phone.replace(/\D/g, "").length < 6) errors.phone = t("bad_phone");
  }
  return errors;
}

function payloadOf(turf, stop, draft, clientId) {
  const talked = draft.outcome === "talked";
  const script = (turf.effort && turf.effort.script) || [];
  const p = draft.person;
  const withPerson = talked && draft.consent && [p.given_name, p.family_name, p.email, p.phone].some((v) => v.trim());
  return {
    client_id: clientId,
    turf: turf.uuid,
    address: stop.address,
    door: draft.door.trim(),
    outcome: draft.outcome,
    answers: talked ? keptAnswers(script, draft.answers) : {},
    notes: draft.notes.trim(),
    visited_at: new Date().toISOString(),
    latitude: null,
    longitude: null,
    person: withPerson
      ? {
          given_name: p.given_name.trim(),
          family_name: p.family_name.trim(),
          email: p.email.trim(),
          phone: p.phone.trim(),
          consent: {
            email: Boolean(draft.consentEmail && p.email.trim()),
            sms: Boolean(draft.consentSms && p.phone.trim()),
            text_shown: localized(turf.consent_text, config.language),
          },
        }
      : null,
  };
}

async function doorScreen(uuid, address) {
  const turf = await store.get("turfs", uuid);
  const stops = turf ? stopsWithState(turf, await visitsOf(turf)) : [];
  const stop = stops.find((s) => String(s.address) === String(address));
  if (!turf || !stop) {
    screen(t("not_found"), h("p", {}, h("a", { class: "app-button", href: "#/" }, t("back_to_turfs"))));
    return;
  }
  const draft = emptyDraft();
  let errors = {};
  let saving = false;
  const script = (turf.effort && turf.effort.script) || [];
  const form = h("form", { class: "app-form", novalidate: true, dataset: { doorForm: "" } });

  const rerender = () => {
    const y = window.scrollY;
    draw();
    window.scrollTo(0, y);
  };

  const draw = () => {
    const outcomes = OUTCOMES.map((outcome) =>
      h(
        "button",
        {
          type: "button",
          class: `app-outcome app-outcome-${outcome}`,
          "aria-pressed": draft.outcome === outcome ? "true" : "false",
          onclick: () => {
            draft.outcome = outcome;
            delete errors.outcome;
            rerender();
          },
        },
        t(`outcome_${outcome}`)
      )
    );
    const talked = draft.outcome === "talked";
    const path = talked ? questionPath(script, draft.answers) : [];
    form.replaceChildren(
      field(t("door_label"), bind(h("input", { type: "text", name: "door", autocomplete: "off" }), draft, "door"), {
        help: t("door_help"),
      }),
      h(
        "fieldset",
        { class: "app-outcomes" },
        h("legend", {}, t("outcome_question")),
        errors.outcome && h("p", { class: "app-error", role: "alert" }, errors.outcome),
        outcomes
      ),
      talked &&
        h(
          "section",
          { class: "app-section app-survey" },
          h("h2", {}, t("survey")),
          script.length ? path.map((q) => questionBlock(q, draft, rerender)) : h("p", { class: "app-muted" }, t("no_script")),
          script.length && pathEnds(script, draft.answers) && h("p", { class: "app-muted" }, t("survey_end"))
        ),
      talked && consentBlock(turf, draft, errors, rerender),
      draft.outcome &&
        field(t("notes"), bind(h("textarea", { name: "notes", rows: 3 }), draft, "notes"), { help: t("notes_help") }),
      errors.save && h("p", { class: "app-error", role: "alert" }, errors.save),
      h("button", { type: "submit", class: "app-button app-save", disabled: saving }, t("save"))
    );
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return;
    errors = validate(draft);
    if (Object.keys(errors).length) {
      rerender();
      const first = form.querySelector("[role=alert]");
      if (first) first.scrollIntoView({ block: "center" });
      return;
    }
    saving = true;
    const clientId = uuid4();
    const payload = payloadOf(turf, stop, draft, clientId);
    try {
      // Written (transaction complete) before the app says "saved".
      await store.put("visits", {
        client_id: clientId,
        state: "pending",
        reason: "",
        turf: turf.uuid,
        address: stop.address,
        savedAt: new Date().toISOString(),
        payload,
      });
    } catch (error) {
      saving = false;
      errors = { save: t("save_failed") };
      rerender();
      return;
    }
    notice = t("saved");
    await updateBanner();
    location.hash = `#/t/${uuid}`;
    runSync();
  });

  const visitsHere = stop.visits.length
    ? h(
        "section",
        { class: "app-section" },
        h("h2", {}, t("visits_here")),
        h(
          "ul",
          { class: "app-visits" },
          stop.visits.map((visit) =>
            h(
              "li",
              { class: `app-visit app-visit-${visit.state}` },
              h("strong", {}, t(`outcome_${visit.outcome}`)),
              visit.door && ` · ${visit.door}`,
              ` · ${when(visit.visited_at)} · `,
              h("span", { class: "app-muted" }, t(`state_${visit.state}`)),
              visit.reason && h("span", { class: "app-reason" }, ` — ${visit.reason}`)
            )
          )
        )
      )
    : null;

  draw();
  screen(
    stop.label,
    h("p", {}, h("a", { href: `#/t/${uuid}`, class: "app-back" }, `← ${t("back_to_list")}`)),
    h("p", { class: "app-muted" }, t("stop_position", { n: stop.number }), " · ", h("strong", {}, t("entrance_doors", { n: stop.doors }))),
    turf.reassigned && h("p", { class: "app-notice", role: "note" }, t("reassigned")),
    visitsHere,
    form
  );
}

/* ---------------------------------------------------------------- routing and start --- */

async function render() {
  const route = location.hash;
  const arrived = route !== shownRoute;
  shownRoute = route;
  const parts = route.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "t" && parts[1]) {
    if (parts[2] === "s" && parts[3]) return doorScreen(parts[1], parts[3]);
    return turfScreen(parts[1], parts[2] === "map" ? "map" : "list", arrived);
  }
  return turfsScreen();
}

async function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.urls.sw).catch(() => {});
  }
  if (!window.indexedDB) {
    main.replaceChildren(h("p", { class: "app-notice" }, t("no_storage")));
    return;
  }
  try {
    store = await openDatabase(`turnout-canvass-${config.organization}-${config.user}`);
  } catch (error) {
    main.replaceChildren(h("p", { class: "app-notice" }, t("no_storage")));
    return;
  }
  sync = new Sync({ store, api, config, onChange: updateBanner });
  window.addEventListener("hashchange", () => {
    render().then(() => main.focus({ preventScroll: true }));
  });
  window.addEventListener("online", async () => {
    await updateBanner();
    await refreshTurfList();
    await runSync();
    await softRender();
  });
  window.addEventListener("offline", async () => {
    await updateBanner();
    await softRender();
  });
  syncButton.addEventListener("click", () => runSync());
  setInterval(() => {
    if (navigator.onLine) runSync();
  }, (config.syncEvery || 30) * 1000);
  await updateBanner();
  await render();
  if (navigator.onLine) {
    await refreshTurfList();
    await runSync();
    await softRender();
  }
  document.documentElement.dataset.appReady = "true";
}

start();
