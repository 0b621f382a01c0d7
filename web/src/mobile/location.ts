/** "Use my location" through the browser, with messages a resident can act on. */

export interface Located {
  lon: number;
  lat: number;
  accuracy: number;
}

// The server accepts coordinates inside China's mainland box only.
const CHINA = { west: 73.4, east: 135.1, south: 3.8, north: 53.6 };

function insideChina(p: { lon: number; lat: number }): boolean {
  return p.lon >= CHINA.west && p.lon <= CHINA.east && p.lat >= CHINA.south && p.lat <= CHINA.north;
}

export function locate(timeoutMs = 15_000): Promise<Located> {
  return new Promise((resolve, reject) => {
    if (!window.isSecureContext) {
      reject(new Error('当前网页不是安全连接（https），手机不允许获取位置，请填写详细地址'));
      return;
    }
    if (!('geolocation' in navigator)) {
      reject(new Error('您的浏览器不支持定位，请填写详细地址'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy };
        if (!insideChina(p)) reject(new Error('定位结果不在服务范围内，请填写详细地址'));
        else resolve(p);
      },
      (err) => {
        const text =
          err.code === err.PERMISSION_DENIED
            ? '您没有允许获取位置（可在浏览器或微信设置里开启），请填写详细地址'
            : err.code === err.TIMEOUT
              ? '定位超时，请到开阔处再试，或填写详细地址'
              : '暂时无法获取位置，请填写详细地址';
        reject(new Error(text));
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
