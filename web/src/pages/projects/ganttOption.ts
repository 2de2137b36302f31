import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { STATUS_COLORS, type Status } from './status.ts';

/** What the chart reads of the gantt response (structural, so the unit test needs no API types). */
export interface GanttData {
  today: string;
  items: Array<{
    code: string;
    name: string;
    nameEn: string;
    status: Status;
    startDate: string;
    endDate: string;
    milestones: Array<{ name: string; plannedDate: string; actualDate: string | null; state: string }>;
    baseline: { startDate: string; endDate: string } | null;
  }>;
}

const ms = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const DAY = 86_400_000;
export const ROW = 26;
/** Rows shown at once; a longer list scrolls inside the chart (vertical slider, mouse wheel) instead of growing the page. */
export const VISIBLE_ROWS = 20;
const TOP = 30;
const BOTTOM = 52; // room for the time slider under the plot

/** The chart's height: every row up to VISIBLE_ROWS, then fixed. */
export function ganttHeight(rows: number): number {
  return Math.min(rows, VISIBLE_ROWS) * ROW + TOP + BOTTOM;
}

/**
 * Bars for the plan (coloured by status), ghost outlines for a baseline's plan, diamonds for milestones, a
 * line for today. The time axis zooms (slider below, ctrl + wheel or drag inside); past VISIBLE_ROWS the item
 * axis pages with a slider on the right and the wheel.
 */
export function ganttOption(g: GanttData, lang: 'zh-CN' | 'en', todayLabel: string) {
  const names = g.items.map((i) => {
    const n = lang === 'en' && i.nameEn ? i.nameEn : i.name;
    return `${i.code} ${n.length > 16 ? n.slice(0, 15) + '…' : n}`;
  });
  const bars = g.items.map((i, k) => ({
    value: [k, ms(i.startDate), ms(i.endDate), i.baseline ? ms(i.baseline.startDate) : NaN, i.baseline ? ms(i.baseline.endDate) : NaN],
    itemStyle: { color: STATUS_COLORS[i.status] },
    name: `${i.code} ${i.name}`,
  }));
  const milestones = g.items.flatMap((i, k) =>
    i.milestones.map((m) => ({
      value: [ms(m.plannedDate), k],
      name: `${m.name} ${m.plannedDate}${m.actualDate ? ` → ${m.actualDate}` : ''}`,
      itemStyle: { color: m.state === 'done' ? '#595959' : '#fff', borderColor: m.state === 'overdue' ? '#cf1322' : '#595959', borderWidth: 1.5 },
    })),
  );
  const renderItem = (_params: CustomSeriesRenderItemParams, a: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const y = a.value(0) as number;
    const start = a.coord([a.value(1), y]);
    const end = a.coord([a.value(2), y]);
    const h = (a.size!([0, 1]) as number[])[1]! * 0.5;
    const children: CustomSeriesRenderItemReturn[] = [];
    const bs = a.value(3) as number;
    if (!Number.isNaN(bs)) {
      const b0 = a.coord([bs, y]);
      const b1 = a.coord([a.value(4), y]);
      children.push({ type: 'rect', shape: { x: b0[0]!, y: b0[1]! - h * 0.85, width: Math.max(2, b1[0]! - b0[0]!), height: h * 1.7 }, style: { fill: 'rgba(0,0,0,0.04)', stroke: '#8c8c8c', lineDash: [4, 3] } });
    }
    children.push({ type: 'rect', shape: { x: start[0]!, y: start[1]! - h / 2, width: Math.max(2, end[0]! - start[0]!), height: h, r: 3 }, style: { fill: a.visual('color') as string, opacity: 0.85 } });
    return { type: 'group', children } as CustomSeriesRenderItemReturn;
  };
  const allDates = g.items.flatMap((i) => [ms(i.startDate), ms(i.endDate), ...(i.baseline ? [ms(i.baseline.startDate), ms(i.baseline.endDate)] : [])]);
  const pad = 20 * DAY;
  const paged = g.items.length > VISIBLE_ROWS;
  // weakFilter keeps a bar that spans the whole window (both ends outside it, on different sides).
  const timeZoom = [
    { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', bottom: 8, height: 18, minValueSpan: 14 * DAY },
    { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter', zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false, moveOnMouseMove: true, minValueSpan: 14 * DAY },
  ];
  const rowZoom = paged
    ? [
        { type: 'slider', yAxisIndex: 0, filterMode: 'empty', right: 4, width: 14, startValue: 0, endValue: VISIBLE_ROWS - 1, zoomLock: true, showDetail: false, brushSelect: false },
        { type: 'inside', yAxisIndex: 0, filterMode: 'empty', zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false },
      ]
    : [];
  return {
    grid: { left: 8, right: paged ? 30 : 24, top: TOP, bottom: BOTTOM, containLabel: true },
    tooltip: { trigger: 'item' },
    dataZoom: [...timeZoom, ...rowZoom],
    xAxis: { type: 'time', position: 'top', min: Math.min(...allDates) - pad, max: Math.max(...allDates) + pad, splitLine: { show: true, lineStyle: { color: '#f0f0f0' } } },
    yAxis: { type: 'category', data: names, inverse: true, axisTick: { show: false }, axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'custom',
        renderItem,
        clip: true,
        encode: { x: [1, 2], y: 0 },
        data: bars,
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#cf1322', type: 'solid', width: 1.5 }, label: { formatter: todayLabel, position: 'start' }, data: [{ xAxis: ms(g.today) }] },
        tooltip: { formatter: (p: { name: string }) => p.name },
      },
      { type: 'scatter', symbol: 'diamond', symbolSize: 11, data: milestones, z: 5, clip: true, tooltip: { formatter: (p: { name: string }) => p.name } },
    ],
  };
}
