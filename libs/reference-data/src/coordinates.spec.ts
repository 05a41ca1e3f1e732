import { gcj02ToWgs84, publicPoint, wgs84ToGcj02 } from './coordinates';

describe('GCJ-02 and WGS-84', () => {
  // The pair the widely used coordtransform library publishes for Tiananmen (116.404, 39.915).
  it('shifts a WGS-84 point in Beijing as the published formula does', () => {
    const g = wgs84ToGcj02({ lat: 39.915, lng: 116.404 });
    expect(g.lng).toBeCloseTo(116.41024449916938, 9);
    expect(g.lat).toBeCloseTo(39.91640428150164, 9);
  });

  it('converts GCJ-02 back to WGS-84 (within a metre of the one-step approximation’s pair)', () => {
    const w = gcj02ToWgs84({ lat: 39.915, lng: 116.404 });
    // coordtransform's one-step inverse gives (116.39775550083061, 39.91359571849836); the exact one differs by < 1e-5°.
    expect(w.lng).toBeCloseTo(116.39775550083061, 5);
    expect(w.lat).toBeCloseTo(39.91359571849836, 5);
    const back = wgs84ToGcj02(w);
    expect(back.lng).toBeCloseTo(116.404, 9);
    expect(back.lat).toBeCloseTo(39.915, 9);
  });

  it('moves a Wenzhou point by a few hundred metres, and back', () => {
    const wgs = { lat: 28.0146, lng: 120.6721 };
    const gcj = wgs84ToGcj02(wgs);
    expect(Math.abs(gcj.lng - wgs.lng)).toBeGreaterThan(0.003);
    const back = gcj02ToWgs84(gcj);
    expect(back.lat).toBeCloseTo(wgs.lat, 9);
    expect(back.lng).toBeCloseTo(wgs.lng, 9);
  });

  it('leaves a point outside China as it is', () => {
    expect(gcj02ToWgs84({ lat: 48.8584, lng: 2.2945 })).toEqual({ lat: 48.8584, lng: 2.2945 });
  });

  it('rounds a public point to three decimals (about 100 m)', () => {
    expect(publicPoint({ lat: 28.014649, lng: 120.672149 })).toEqual({ lat: 28.015, lng: 120.672 });
  });
});
