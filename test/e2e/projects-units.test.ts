// The key-project Gantt's chart option: pure, needs no browser.
import { describe, expect, it } from 'vitest';
import { ganttHeight, ganttOption, ROW, VISIBLE_ROWS, type GanttData } from '../../web/src/pages/projects/ganttOption.ts';

function gantt(n: number): GanttData {
  return {
    today: '2025-06-15',
    items: Array.from({ length: n }, (_, k) => ({
      code: `CP-${String(k + 1).padStart(3, '0')}`,
      name: `项目 ${k + 1}`,
      nameEn: `Project ${k + 1}`,
      status: 'green',
      startDate: '2025-01-01',
      endDate: k % 2 ? '2026-12-31' : '2025-09-30',
      milestones: [{ name: '开工', plannedDate: '2025-03-01', actualDate: null, state: 'done' }],
      baseline: null,
    })),
  };
}

type Zoom = { type: string; xAxisIndex?: number; yAxisIndex?: number; filterMode?: string; startValue?: number; endValue?: number };

describe('Gantt zoom and scroll', () => {
  it('zooms the time axis with a slider and ctrl + wheel, keeping bars that span the window', () => {
    const zoom = ganttOption(gantt(5), 'zh-CN', '今天').dataZoom as Zoom[];
    const time = zoom.filter((z) => z.xAxisIndex === 0);
    expect(time.map((z) => z.type).sort()).toEqual(['inside', 'slider']);
    expect(time.every((z) => z.filterMode === 'weakFilter')).toBe(true);
    expect(zoom.some((z) => z.yAxisIndex !== undefined)).toBe(false);
    expect(ganttHeight(5)).toBe(5 * ROW + ganttHeight(0));
  });

  it('shows hundreds of items VISIBLE_ROWS at a time, from the top, at a fixed height', () => {
    const option = ganttOption(gantt(300), 'en', 'Today');
    const rows = (option.dataZoom as Zoom[]).filter((z) => z.yAxisIndex === 0);
    expect(rows.map((z) => z.type).sort()).toEqual(['inside', 'slider']);
    expect(rows.find((z) => z.type === 'slider')).toMatchObject({ startValue: 0, endValue: VISIBLE_ROWS - 1 });
    expect(ganttHeight(300)).toBe(ganttHeight(VISIBLE_ROWS));
    expect(ganttHeight(300)).toBeLessThan(VISIBLE_ROWS * ROW + 100);
    expect(option.yAxis.data).toHaveLength(300);
    expect(option.yAxis.data[0]).toBe('CP-001 Project 1');
    expect(option.series.every((s) => s.clip)).toBe(true);
  });
});
