import type { GeoPoint } from '@wenzheng/petition';

// GCJ-02 (国测局坐标, what Amap, Tencent and WeChat maps give inside China) is WGS-84 shifted by a
// published obfuscation formula. The forward formula is exact; its inverse has no closed form, so
// the WGS-84 point is found by fixed-point iteration on the forward one (converges to < 1e-9° in a
// few steps). Outside China the two systems coincide.

const A = 6378245.0; // Krasovsky 1940 semi-major axis, as the formula uses it
const EE = 0.006693421622965943; // 0.00669342162296594323 as published, to double precision

const outsideChina = ({ lat, lng }: GeoPoint): boolean => lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function shiftLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02 (the published formula). */
export function wgs84ToGcj02(p: GeoPoint): GeoPoint {
  if (outsideChina(p)) return { lat: p.lat, lng: p.lng };
  const radLat = (p.lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(p.lng - 105, p.lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (shiftLng(p.lng - 105, p.lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/** GCJ-02 → WGS-84: the point whose forward conversion gives `p`. */
export function gcj02ToWgs84(p: GeoPoint): GeoPoint {
  if (outsideChina(p)) return { lat: p.lat, lng: p.lng };
  let w = { lat: p.lat, lng: p.lng };
  for (let i = 0; i < 20; i++) {
    const g = wgs84ToGcj02(w);
    const dLat = p.lat - g.lat;
    const dLng = p.lng - g.lng;
    w = { lat: w.lat + dLat, lng: w.lng + dLng };
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) break;
  }
  return w;
}

/** Three decimals: about 110 m of latitude (less of longitude), what a public route may show. */
export const PUBLIC_POINT_DECIMALS = 3;

export function publicPoint(p: GeoPoint): GeoPoint {
  const round = (v: number) => Number(v.toFixed(PUBLIC_POINT_DECIMALS));
  return { lat: round(p.lat), lng: round(p.lng) };
}
