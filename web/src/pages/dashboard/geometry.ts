/** Map geometry for the zone map: plain longitude/latitude, no projection library. */

export const PAD = 24;

export interface Bounds {
  lng: [number, number];
  lat: [number, number];
}

/**
 * Axis ranges that keep the map's proportions: at latitude φ a degree of longitude is cos φ as
 * long as a degree of latitude, and both axes get the same number of pixels per kilometre.
 */
export function fitBounds(points: { lng: number; lat: number }[], width: number, height: number): Bounds {
  const lngs = points.map((p) => p.lng);
  const lats = points.map((p) => p.lat);
  const lng0 = (Math.min(...lngs) + Math.max(...lngs)) / 2;
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((lat0 * Math.PI) / 180);
  // Room around the outermost points for their symbols and labels.
  const dx = Math.max((Math.max(...lngs) - Math.min(...lngs)) * k, 0.05) * 1.3;
  const dy = Math.max(Math.max(...lats) - Math.min(...lats), 0.05) * 1.25;
  const gw = Math.max(width - 2 * PAD, 50);
  const gh = Math.max(height - 2 * PAD, 50);
  const perDegree = Math.min(gw / dx, gh / dy);
  const halfLng = gw / perDegree / k / 2;
  const halfLat = gh / perDegree / 2;
  return { lng: [lng0 - halfLng, lng0 + halfLng], lat: [lat0 - halfLat, lat0 + halfLat] };
}
