import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption, ECElementEvent } from 'echarts/core';

// Only what the console draws with ECharts: bar and line charts (the maps are Leaflet, app/geomap.tsx).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

;
export type { EChartsCoreOption };

/** Tooltips are HTML: names from the database go through this. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Props {
  option: EChartsCoreOption;
  style?: CSSProperties;
  onClick?: (e: ECElementEvent) => void;
  testId?: string;
}

/** An ECharts instance bound to a div: resized with its container, disposed on unmount. */
export function EChart({ option, style, onClick, testId }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const c = echarts.init(el.current!);
    chart.current = c;
    c.on('click', (e) => click.current?.(e as ECElementEvent));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={el} style={{ width: '100%', height: 360, ...style }} data-testid={testId} />;
}
