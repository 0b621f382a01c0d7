/**
 * A signature drawn with a finger on the phone (the wish recipient's or guardian's confirmation of
 * receipt): a canvas, exported as a small PNG (base64) for the server, which refuses anything over
 * 200 KiB. Used by the helper's page and the grid worker's app.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd-mobile';
import { useI18n } from '../shared/i18n';

const WIDTH = 600;
const HEIGHT = 240;

/** `onChange` gets the PNG's base64 once something is drawn, and null when cleared. */
export function SignaturePad({ onChange, testId = 'signature-pad' }: { onChange: (pngBase64: string | null) => void; testId?: string }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);

  const context = () => {
    const c = canvas.current?.getContext('2d');
    if (c) {
      c.lineWidth = 4;
      c.lineCap = 'round';
      c.lineJoin = 'round';
      c.strokeStyle = '#111';
    }
    return c;
  };

  const clear = () => {
    const c = context();
    if (c) {
      c.fillStyle = '#fff';
      c.fillRect(0, 0, WIDTH, HEIGHT);
    }
    setEmpty(true);
    onChange(null);
  };

  useEffect(clear, []); // eslint-disable-line react-hooks/exhaustive-deps

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * WIDTH, y: ((e.clientY - r.top) / r.height) * HEIGHT };
  };

  const export_ = () => {
    const url = canvas.current?.toDataURL('image/png') ?? '';
    onChange(url.slice(url.indexOf(',') + 1) || null);
  };

  return (
    <div className="m-signature">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        data-testid={testId}
        style={{ width: '100%', aspectRatio: `${WIDTH} / ${HEIGHT}`, border: '1px dashed #bbb', borderRadius: 8, touchAction: 'none', background: '#fff' }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const c = context();
          const p = point(e);
          c?.beginPath();
          c?.moveTo(p.x, p.y);
          c?.lineTo(p.x + 0.1, p.y + 0.1);
          c?.stroke();
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const c = context();
          const p = point(e);
          c?.lineTo(p.x, p.y);
          c?.stroke();
        }}
        onPointerUp={() => {
          if (!drawing.current) return;
          drawing.current = false;
          setEmpty(false);
          export_();
        }}
      />
      <div className="m-muted" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <span>{empty ? t('mobile:signature-the-recipient-or-guardian-signs-in-the') : t('mobile:signed')}</span>
        <Button size="mini" onClick={clear} disabled={empty}>
          {t('mobile:clear')}
        </Button>
      </div>
    </div>
  );
}
