/* Event maps (Leaflet), progressive: every page says the same in words without it.
   [data-map]: data-tiles, data-attribution, data-markers (id of a JSON script: [{lat, lon,
   label, url}]), data-center ("lat,lon"), data-pick-lat / data-pick-lon (ids of the fields a
   click fills). Without network the tiles stay blank; the markers still show. */
(function () {
  "use strict";

  function number(value) {
    var parsed = parseFloat(String(value || "").replace(",", "."));
    return isNaN(parsed) ? null : parsed;
  }

  function setup(box) {
    if (!window.L) return;
    box.hidden = false;
    var help = document.querySelector("[data-map-help]");
    if (help) help.hidden = false;
    var map = window.L.map(box, { scrollWheelZoom: false });
    window.L.tileLayer(box.getAttribute("data-tiles"), {
      attribution: box.getAttribute("data-attribution") || "",
      maxZoom: 19
    }).addTo(map);
    var points = [];
    var source = box.getAttribute("data-markers");
    var markers = source ? JSON.parse(document.getElementById(source).textContent) : [];
    markers.forEach(function (item) {
      var marker = window.L.marker([item.lat, item.lon], { title: item.label, alt: item.label }).addTo(map);
      if (item.url) {
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.label;
        marker.bindPopup(link);
      }
      points.push([item.lat, item.lon]);
    });
    var center = box.getAttribute("data-center");
    var latField = document.getElementById(box.getAttribute("data-pick-lat") || "");
    var lonField = document.getElementById(box.getAttribute("data-pick-lon") || "");
    if (latField && lonField) {
      var picked = null;
      var place = function (lat, lon, pan) {
        if (picked) picked.setLatLng([lat, lon]);
        else picked = window.L.marker([lat, lon]).addTo(map);
        if (pan) map.setView([lat, lon], Math.max(map.getZoom() || 0, 15));
      };
      var lat = number(latField.value), lon = number(lonField.value);
      if (lat !== null && lon !== null) place(lat, lon, true);
      else map.setView([46.6, 2.4], 5);
      map.on("click", function (event) {
        latField.value = event.latlng.lat.toFixed(6);
        lonField.value = event.latlng.lng.toFixed(6);
        place(event.latlng.lat, event.latlng.lng, false);
      });
      [latField, lonField].forEach(function (field) {
        field.addEventListener("change", function () {
          var a = number(latField.value), b = number(lonField.value);
          if (a !== null && b !== null) place(a, b, true);
        });
      });
      return;
    }
    if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    } else if (points.length === 1) {
      map.setView(points[0], 15);
    } else if (center) {
      map.setView(center.split(",").map(Number), 11);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map]").forEach(setup);
  });
})();
