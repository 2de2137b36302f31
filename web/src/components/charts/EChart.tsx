import { useMemo, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import EChartsReactCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Each chart component registers the chart types and components it draws (echarts.use), so a page
// loads only what it shows.
echarts.use([CanvasRenderer]);
export { echarts };

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function subscribeReducedMotion(onChange: () => void) {
  const mq = window.matchMedia(REDUCED_MOTION);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

/** True when the system asks for less motion: charts then draw without animation. */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeReducedMotion,
    () => window.matchMedia(REDUCED_MOTION).matches,
    () => false,
  );
}

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  testId?: string;
  /** What the chart shows, for screen readers (the data is also downloadable as CSV). */
  ariaLabel?: string;
  style?: CSSProperties;
}

/**
 * A canvas ECharts chart. The wrapper says `data-chart-ready="true"` once ECharts reports the
 * drawing (and any animation) finished, so browser tests can wait for it before a screenshot.
 */
export function EChart({ option, height, testId, ariaLabel, style }: EChartProps) {
  const reducedMotion = usePrefersReducedMotion();
  const full = useMemo(() => ({ animation: !reducedMotion, animationDuration: 400, animationDurationUpdate: 300, ...option }), [option, reducedMotion]);
  // Ready for the option last drawn: a new option is not ready until ECharts finishes it too.
  const current = useRef<object>(full);
  current.current = full;
  const [finishedFor, setFinishedFor] = useState<object | null>(null);
  const onEvents = useMemo(() => ({ finished: () => setFinishedFor(current.current) }), []);
  const ready = finishedFor === full;
  return (
    <div data-testid={testId} data-chart-ready={ready ? 'true' : 'false'} role="img" aria-label={ariaLabel} style={style}>
      <EChartsReactCore echarts={echarts} option={full} notMerge lazyUpdate onEvents={onEvents} style={{ height, width: '100%' }} />
    </div>
  );
}
