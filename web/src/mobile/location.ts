/** "Use my location" through the browser, with messages a resident can act on. */
import { translate as t } from '../shared/i18n';

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
      reject(new Error(t('mobile:this-page-is-not-on-a-secure-connection-https-so')));
      return;
    }
    if (!('geolocation' in navigator)) {
      reject(new Error(t('mobile:your-browser-cannot-give-a-location-enter-the')));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy };
        if (!insideChina(p)) reject(new Error(t('mobile:the-location-found-is-outside-the-service-area')));
        else resolve(p);
      },
      (err) => {
        const text =
          err.code === err.PERMISSION_DENIED
            ? t('mobile:you-did-not-allow-the-location-you-can-turn-it')
            : err.code === err.TIMEOUT
              ? t('mobile:finding-the-location-took-too-long-try-again-in')
              : t('mobile:the-location-cannot-be-found-just-now-enter-the');
        reject(new Error(text));
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
