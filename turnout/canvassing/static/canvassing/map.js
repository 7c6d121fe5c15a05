/* Turnout's small Leaflet helper (canvassing maps).

   TurnoutMap.create(element)            a map with the tile server of the settings
   TurnoutMap.draw(map, geojson, options) GeoJSON layer; options.style(feature) -> Leaflet style,
                                          options.each(feature, layer) for popups and events
   TurnoutMap.fit(map, layer, bounds)     fit the layer, else "s,w,n,e" bounds, else France
   TurnoutMap.figures(title, rows)        a popup element (text only, never HTML from data)

   Every element [data-map][data-geojson] is drawn on load: features coloured by the class
   "map-level-<properties.level>" (map.css), a popup with the figures named in the JSON of
   data-labels, and, with data-select-prefix, a button that ticks the checkbox
   "<prefix><properties.id>" of the table beside the map (the selection shows on the map).
   No inline style: colours come from classes. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || undefined;

  function create(element) {
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: element.getAttribute("data-attribution") || ""
      }).addTo(map);
    }
    return map;
  }

  function draw(map, geojson, options) {
    options = options || {};
    return L.geoJSON(geojson, {
      style: options.style,
      onEachFeature: options.each
    }).addTo(map);
  }

  function fit(map, layer, bounds) {
    if (layer && layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [12, 12] });
    } else if (bounds) {
      var b = bounds.split(",").map(Number);
      map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: [12, 12] });
    } else {
      map.setView([46.6, 2.4], 5);
    }
  }

  function text(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "number") return value.toLocaleString(lang);
    return String(value);
  }

  function figures(title, rows) {
    var box = document.createElement("div");
    var heading = document.createElement("strong");
    heading.textContent = title;
    box.appendChild(heading);
    var list = document.createElement("dl");
    list.className = "map-popup";
    rows.forEach(function (row) {
      var dt = document.createElement("dt");
      dt.textContent = row[0];
      var dd = document.createElement("dd");
      dd.textContent = text(row[1]);
      list.appendChild(dt);
      list.appendChild(dd);
    });
    box.appendChild(list);
    return box;
  }

  function levelClass(feature) {
    var level = feature.properties && feature.properties.level;
    return "map-area map-level-" + (level === null || level === undefined ? "none" : level);
  }

  function readJSON(id) {
    var node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function setup(element) {
    var geojson = readJSON(element.getAttribute("data-geojson"));
    if (!geojson) return;
    var labels = readJSON(element.getAttribute("data-labels")) || {};
    var fields = labels.fields || {};
    var prefix = element.getAttribute("data-select-prefix");
    var map = create(element);
    var layers = {};

    function box(id) { return prefix ? document.getElementById(prefix + id) : null; }
    function mark(id) {
      var layer = layers[id], input = box(id), path = layer && layer.getElement && layer.getElement();
      if (path && input) path.classList.toggle("map-selected", input.checked);
    }

    var layer = draw(map, geojson, {
      style: function (feature) {
        return { className: levelClass(feature), weight: 1, fillOpacity: 0.75 };
      },
      each: function (feature, featureLayer) {
        var props = feature.properties || {};
        layers[props.id] = featureLayer;
        featureLayer.bindPopup(function () {
          var rows = Object.keys(fields).map(function (key) { return [fields[key], props[key]]; });
          var content = figures(props.name || "", rows);
          var input = box(props.id);
          if (input) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "small secondary";
            button.textContent = input.checked ? labels.unselect : labels.select;
            button.addEventListener("click", function () {
              input.checked = !input.checked;
              input.dispatchEvent(new Event("change", { bubbles: true }));
              featureLayer.closePopup();
            });
            content.appendChild(button);
          }
          return content;
        });
      }
    });
    fit(map, layer, element.getAttribute("data-bounds"));
    if (prefix) {
      Object.keys(layers).forEach(function (id) {
        var input = box(id);
        if (!input) return;
        input.addEventListener("change", function () { mark(id); });
        mark(id);
      });
    }
    element.turnoutMap = map;
  }

  window.TurnoutMap = { create: create, draw: draw, fit: fit, figures: figures };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.L) return;
    document.querySelectorAll("[data-map][data-geojson]").forEach(setup);
  });
})();
