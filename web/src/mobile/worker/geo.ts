/** The check-in position: asked once when the form opens, never waited for (a visit saves without it). */
import { translate as t } from '../../shared/i18n';

export interface Position {
  lon: number;
  lat: number;
  accuracy: number;
}

export type Locating = { kind: 'locating' } | { kind: 'ok'; at: Position } | { kind: 'none'; reason: string };

export function locate(timeoutMs = 12_000): Promise<Locating> {
  return new Promise((resolve) => {
    if (!window.isSecureContext || !('geolocation' in navigator)) {
      resolve({ kind: 'none', reason: t('worker:this-phones-browser-cannot-give-a-location') });
      return;
    }
    // Some phones never call back at all: give up on our own clock too.
    const timer = setTimeout(() => resolve({ kind: 'none', reason: t('worker:locating-took-too-long') }), timeoutMs + 2_000);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        clearTimeout(timer);
        resolve({ kind: 'ok', at: { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy } });
      },
      (err) => {
        clearTimeout(timer);
        const reason =
          err.code === err.PERMISSION_DENIED
            ? t('worker:location-not-allowed-it-can-be-turned-on-in-the')
            : err.code === err.TIMEOUT
              ? t('worker:locating-took-too-long')
              : t('worker:no-location-just-now');
        resolve({ kind: 'none', reason });
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 120_000 },
    );
  });
}
