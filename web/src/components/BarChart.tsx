import { useMemo } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { theme } from 'antd';
import { EChart, echarts } from './charts/EChart.tsx';

echarts.use([EBarChart, GridComponent, TooltipComponent]);

export interface Bar {
  label: string;
  value: number;
}

/** A horizontal bar chart for small category counts (modular ECharts, canvas). */
export function BarChart({ bars, height, testId }: { bars: Bar[]; height?: number; testId?: string }) {
  const { token } = theme.useToken();
  const option = useMemo(
    () => ({
      animationDuration: 300,
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: token.colorBorderSecondary } }, axisLabel: { color: token.colorTextSecondary } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.label),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: token.colorBorder } },
        axisLabel: { color: token.colorText, fontFamily: token.fontFamily },
      },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => b.value),
          barMaxWidth: 18,
          itemStyle: { color: token.colorPrimary, borderRadius: [0, 4, 4, 0] },
          label: { show: true, position: 'right', color: token.colorTextSecondary },
        },
      ],
    }),
    [bars, token],
  );
  return <EChart option={option} height={height ?? Math.max(120, bars.length * 34 + 16)} testId={testId} />;
}
