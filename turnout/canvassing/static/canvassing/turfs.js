// Maps of canvassing efforts and turfs (Leaflet): drawing an effort's area, every turf of an
// effort, and one turf's walking route. Progressive enhancement: each map is hidden until this
// script shows it; the forms and tables around it work without it.
(function () {
  "use strict";

  // Maps come from the canvassing helper (map.js: tiles of the settings, fitting).
  function baseMap(element, options) {
    element.hidden = false;
    var map = TurnoutMap.create(element);
    if (options && options.doubleClickZoom === false) map.doubleClickZoom.disable();
    return map;
  }

  // --- Drawing the area of an effort ---------------------------------------------------------
  // Click adds a corner; double-click or "Close the area" finishes; "Undo point" removes the
  // last corner (reopening a closed area); "Clear" starts again. The polygon goes into the
  // hidden "area" field as GeoJSON (longitude, latitude), checked again by the server.
  function setupDraw(box) {
    var form = box.closest("form");
    var field = form.querySelector("input[name=area]");
    box.hidden = false;
    var texts = {};
    var template = box.querySelector("template[data-draw-texts]");
    template.content.querySelectorAll("[data-text]").forEach(function (span) {
      texts[span.getAttribute("data-text")] = span.textContent;
    });
    var state = box.querySelector("[data-draw-state]");
    var map = baseMap(box.querySelector("[data-draw-map]"), { doubleClickZoom: false });
    var points = [];
    var closed = false;
    var drawing = L.featureGroup().addTo(map);

    function load() {
      try {
        var geometry = field.value ? JSON.parse(field.value) : null;
        if (geometry && geometry.type === "Polygon") {
          points = geometry.coordinates[0].slice(0, -1).map(function (c) { return L.latLng(c[1], c[0]); });
          closed = points.length >= 3;
        }
      } catch (error) {
        points = [];
      }
    }

    function round(value) { return Math.round(value * 1e7) / 1e7; }

    function save() {
      if (closed && points.length >= 3) {
        var ring = points.map(function (p) { return [round(p.lng), round(p.lat)]; });
        ring.push(ring[0]);
        field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      } else {
        field.value = "";
      }
    }

    function redraw() {
      drawing.clearLayers();
      if (points.length) {
        var style = { color: "#1e3a8a", weight: 3, fillOpacity: 0.12 };
        var outline = closed ? L.polygon(points, style) : L.polyline(points, Object.assign({ dashArray: "6 6" }, style));
        outline.addTo(drawing);
        points.forEach(function (p) {
          L.circleMarker(p, { radius: 4, color: "#1e3a8a", fillOpacity: 1 }).addTo(drawing);
        });
      }
      state.textContent = closed ? texts.closed : points.length ? texts.points.replace("%(count)s", points.length) : texts.empty;
      save();
    }

    map.on("click", function (event) {
      if (closed) return;
      var last = points[points.length - 1];
      if (last && map.latLngToContainerPoint(last).distanceTo(event.containerPoint) < 4) return;
      points.push(event.latlng);
      redraw();
    });
    map.on("dblclick", function () {
      if (points.length >= 3) { closed = true; redraw(); }
    });
    box.querySelector("[data-draw-close]").addEventListener("click", function () {
      if (points.length >= 3) { closed = true; redraw(); }
    });
    box.querySelector("[data-draw-undo]").addEventListener("click", function () {
      if (closed) { closed = false; } else { points.pop(); }
      redraw();
    });
    box.querySelector("[data-draw-clear]").addEventListener("click", function () {
      points = []; closed = false; redraw();
    });
    form.addEventListener("submit", function () {
      if (!closed && points.length >= 3) { closed = true; save(); }
    });

    var stations = null;
    var stationData = document.getElementById(box.querySelector("[data-draw-map]").getAttribute("data-stations"));
    if (stationData) {
      var areas = JSON.parse(stationData.textContent);
      var labelled = areas.features.length <= 30;
      stations = L.geoJSON(areas, {
        interactive: false,
        style: { color: "#6b7280", weight: 1, fillOpacity: 0.04, dashArray: "3 4" },
        onEachFeature: function (feature, layer) {
          if (labelled) layer.bindTooltip(feature.properties.name, { permanent: true, direction: "center", className: "station-label" });
        }
      }).addTo(map);
      drawing.bringToFront();
    }
    load();
    redraw();
    TurnoutMap.fit(map, points.length ? drawing : stations, box.getAttribute("data-bounds"));
  }

  // --- Every turf of an effort ---------------------------------------------------------------
  function setupEffortMap(element) {
    var map = baseMap(element);
    fetch(element.getAttribute("data-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var p = feature.properties;
            if (p.kind === "area") return { color: "#374151", weight: 2, dashArray: "6 6", fill: false, interactive: false };
            if (p.kind === "outline") return { color: p.colour, weight: 1.5, fillColor: p.colour, fillOpacity: 0.15 };
            return { color: p.colour, weight: 2.5, opacity: 0.9 };
          },
          pointToLayer: function (feature, latlng) {
            var marker = L.circleMarker(latlng, { radius: 5, color: "#ffffff", weight: 2, fillColor: feature.properties.colour, fillOpacity: 1 });
            marker.bindTooltip(String(feature.properties.number), { permanent: true, direction: "top", className: "turf-number", offset: [0, -4] });
            return marker;
          },
          onEachFeature: function (feature, shape) {
            var p = feature.properties;
            if (p.kind === "area") return;
            shape.on("click", function () { window.location.href = p.url; });
            if (p.kind === "start") return; // it has its number already
            var label = (element.getAttribute("data-turf-label") || "%(number)s").replace("%(number)s", p.number);
            var doors = (element.getAttribute("data-doors-label") || "%(count)s").replace("%(count)s", p.doors);
            shape.bindTooltip([label, doors, p.status, p.canvasser].filter(Boolean).join(" · "), { sticky: true });
          }
        }).addTo(map);
        TurnoutMap.fit(map, layer);
      })
      .catch(function () { element.hidden = true; });
  }

  // --- One turf's route ------------------------------------------------------------------------
  function setupRouteMap(element) {
    var source = document.getElementById(element.getAttribute("data-source"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var colour = data.colour || "#1e3a8a";
    var map = baseMap(element);
    var manyStops = data.features.filter(function (f) { return f.properties.kind === "stop"; }).length > 40;
    var form = document.querySelector("[data-move-form]");
    if (form) document.querySelectorAll("[data-map-only]").forEach(function (p) { p.hidden = false; });

    function styleFor(box, first) {
      var ticked = box && box.checked;
      return { radius: first ? 7 : 5, color: ticked ? "#111827" : "#ffffff", weight: ticked ? 3 : 1.5, fillColor: ticked ? "#fbbf24" : colour, fillOpacity: 1 };
    }

    var layer = L.geoJSON(data, {
      style: function (feature) {
        if (feature.properties.kind === "outline") return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.1 };
        return { color: colour, weight: 3, opacity: 0.85 };
      },
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var box = document.getElementById("stop-" + p.address);
        var first = p.position === 1;
        var marker = L.circleMarker(latlng, styleFor(box, first));
        marker.bindTooltip(p.position + ". " + p.label + " (" + p.doors + ")", {
          permanent: first || !manyStops, direction: "top", className: "turf-number", offset: [0, -4]
        });
        if (box) {
          marker.on("click", function () {
            box.checked = !box.checked;
            marker.setStyle(styleFor(box, first));
          });
          box.addEventListener("change", function () { marker.setStyle(styleFor(box, first)); });
        }
        return marker;
      }
    }).addTo(map);
    if (!manyStops) {
      // Short labels: the number only, the address in the list.
      layer.eachLayer(function (marker) {
        if (marker.feature && marker.feature.properties.kind === "stop") {
          marker.setTooltipContent(String(marker.feature.properties.position));
        }
      });
    }
    TurnoutMap.fit(map, layer);
  }

  function start() {
    if (typeof L === "undefined" || typeof TurnoutMap === "undefined") return;
    document.querySelectorAll("[data-turf-draw]").forEach(setupDraw);
    document.querySelectorAll("[data-turf-effort-map]").forEach(setupEffortMap);
    document.querySelectorAll("[data-turf-route-map]").forEach(setupRouteMap);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
