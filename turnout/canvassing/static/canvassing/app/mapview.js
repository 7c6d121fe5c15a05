/* The map tab of a turf: the walking route as a line and each entrance as a dot coloured by
   its state (next, done, to do), drawn from the turf's own data, so it is useful offline even
   when the street tiles do not load. Colours come from CSS classes (no inline style). */

export function drawTurfMap(element, { tiles, attribution, route, stops, onOpen }) {
  if (!window.L) return null;
  const map = L.map(element, { zoomControl: true, tap: true });
  if (tiles && navigator.onLine) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: attribution || "" }).addTo(map);
  }
  const line = route && route.length > 1 ? L.polyline(route, { className: "app-route" }) : null;
  if (line) line.addTo(map);
  const dots = [];
  for (const stop of stops) {
    if (stop.latitude == null || stop.longitude == null) continue;
    const dot = L.circleMarker([stop.latitude, stop.longitude], {
      radius: 11,
      className: `app-dot app-dot-${stop.state}`,
    });
    dot.bindTooltip(`${stop.number}. ${stop.label}`);
    dot.on("click", () => onOpen(stop));
    dot.addTo(map);
    dots.push(dot);
  }
  const group = L.featureGroup([...(line ? [line] : []), ...dots]);
  if (group.getLayers().length) map.fitBounds(group.getBounds(), { padding: [24, 24] });
  else map.setView([46.6, 2.4], 5);
  return map;
}
