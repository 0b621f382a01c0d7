/** The check-in position: asked once when the form opens, never waited for (a visit saves without it). */

export interface Position {
  lon: number;
  lat: number;
  accuracy: number;
}

export type Locating = { kind: 'locating' } | { kind: 'ok'; at: Position } | { kind: 'none'; reason: string };

export function locate(timeoutMs = 12_000): Promise<Locating> {
  return new Promise((resolve) => {
    if (!window.isSecureContext || !('geolocation' in navigator)) {
      resolve({ kind: 'none', reason: '这台手机的浏览器不能定位' });
      return;
    }
    // Some phones never call back at all: give up on our own clock too.
    const timer = setTimeout(() => resolve({ kind: 'none', reason: '定位超时' }), timeoutMs + 2_000);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        clearTimeout(timer);
        resolve({ kind: 'ok', at: { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy } });
      },
      (err) => {
        clearTimeout(timer);
        const reason =
          err.code === err.PERMISSION_DENIED ? '没有允许获取位置（可在浏览器设置里开启）' : err.code === err.TIMEOUT ? '定位超时' : '暂时无法获取位置';
        resolve({ kind: 'none', reason });
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 120_000 },
    );
  });
}
