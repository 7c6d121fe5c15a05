/* Live progress of a canvassing effort on its page: every 20 seconds the figures, the table of
   canvassers, the bar of outcomes and the map of visited addresses are fetched again
   (canvassing:effort_progress). The page shows the same figures without it, as of its load.
   Text from the data is set with textContent only; colours go through SVG attributes and
   Leaflet styles (no inline style attribute, CSP-safe). */
(function () {
  "use strict";

  var EVERY_MS = 20000;
  var lang = document.documentElement.lang || undefined;

  function number(n) { return Number(n).toLocaleString(lang); }

  function setText(root, name, value) {
    var element = root.querySelector("[data-progress='" + name + "']");
    if (element) element.textContent = value;
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
  }

  function updateCanvassers(root, rows) {
    var body = root.querySelector("[data-progress-canvassers]");
    if (!body || !rows.length) return;
    body.replaceChildren();
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      cell(tr, row.name);
      cell(tr, number(row.knocked));
      cell(tr, number(row.talked));
      cell(tr, row.contact_rate + " %");
      cell(tr, row.last);
      body.appendChild(tr);
    });
  }

  function updateOutcomes(root, outcomes, total) {
    var box = root.querySelector("[data-progress-outcomes]");
    if (!box) return;
    var rects = box.querySelectorAll("figure > svg rect");
    var counts = box.querySelectorAll(".breakdown-legend strong");
    var x = 0;
    outcomes.forEach(function (o, i) {
      var width = total ? (o.count * 100) / total : 0;
      if (counts[i]) counts[i].textContent = o.count;
      if (rects[i]) {
        rects[i].setAttribute("x", x.toFixed(3));
        rects[i].setAttribute("width", width.toFixed(3));
      }
      x += width;
    });
  }

  function setupMap(root) {
    var element = root.querySelector("[data-progress-map]");
    if (!element || typeof L === "undefined" || typeof TurnoutMap === "undefined") return null;
    element.hidden = false;
    var map = TurnoutMap.create(element);
    var labels = {};
    (element.getAttribute("data-outcomes") || "").split(";").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) labels[parts[0]] = parts[1];
    });
    var state = { map: map, dots: L.layerGroup().addTo(map), labels: labels, fitted: false, outlines: null };
    fetch(root.getAttribute("data-map-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        data.features = data.features.filter(function (f) { return f.properties.kind === "outline"; });
        state.outlines = L.geoJSON(data, {
          interactive: false,
          style: function (f) { return { color: f.properties.colour, weight: 1, fillOpacity: 0.05 }; }
        }).addTo(map);
        state.dots.eachLayer(function (dot) { dot.bringToFront(); });
        if (!state.fitted) { TurnoutMap.fit(map, state.outlines); state.fitted = state.outlines.getLayers().length > 0; }
      })
      .catch(function () { /* the dots still show */ });
    return state;
  }

  function updateMap(state, points) {
    if (!state) return;
    state.dots.clearLayers();
    points.forEach(function (p) {
      var dot = L.circleMarker([p.lat, p.lon], { radius: 5, color: "#ffffff", weight: 1, fillColor: p.colour, fillOpacity: 0.95 });
      dot.bindTooltip((state.labels[p.outcome] || p.outcome) + " · " + p.visits, { direction: "top" });
      state.dots.addLayer(dot);
    });
    if (!state.fitted && points.length) {
      state.map.fitBounds(points.map(function (p) { return [p.lat, p.lon]; }), { padding: [20, 20], maxZoom: 17 });
      state.fitted = true;
    }
  }

  function setup(root) {
    var map = setupMap(root);
    function refresh() {
      if (document.hidden) return;
      fetch(root.getAttribute("data-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) {
          setText(root, "knocked", number(data.knocked));
          setText(root, "contact_rate", data.contact_rate);
          setText(root, "last_hour", number(data.last_hour));
          setText(root, "people", number(data.people));
          updateOutcomes(root, data.outcomes, data.knocked);
          updateCanvassers(root, data.canvassers);
          updateMap(map, data.points);
        })
        .catch(function () { /* keep the last figures; try again at the next tick */ });
    }
    refresh();
    window.setInterval(refresh, EVERY_MS);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
  }

  function start() { document.querySelectorAll("[data-effort-progress]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
