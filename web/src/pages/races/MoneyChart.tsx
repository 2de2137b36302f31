import { useMemo } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import type { BoardTeam } from './model.ts';

echarts.use([EBarChart, GridComponent, LegendComponent, TooltipComponent]);

const yuan = (fen: number) => Math.round(fen) / 100;

/** Money per team in yuan: released (the bar that matters), what is still planned, and what was cancelled, stacked. */
export function MoneyChart({ teams }: { teams: BoardTeam[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const shown = useMemo(() => teams.filter((x) => x.money !== null), [teams]);
  const option = useMemo(() => {
    const series = [
      { key: 'released', color: token.colorSuccess, values: shown.map((x) => yuan(x.money!.releasedFen)), label: true },
      { key: 'remaining', color: token.colorBorder, values: shown.map((x) => yuan(x.money!.remainingFen)), label: false },
      { key: 'cancelled', color: token.colorError, values: shown.map((x) => yuan(x.money!.cancelledFen)), label: false },
    ] as const;
    return {
      grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { color: token.colorTextSecondary } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', splitLine: { lineStyle: { color: token.colorBorderSecondary } }, axisLabel: { color: token.colorTextSecondary } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: shown.map((x) => x.organizationName),
        axisTick: { show: false },
        axisLabel: { color: token.colorText, fontFamily: token.fontFamily, width: 180, overflow: 'truncate' },
      },
      series: series.map((s) => ({
        name: t(`racesUi.board.${s.key}`),
        type: 'bar',
        stack: 'money',
        barMaxWidth: 22,
        data: s.values,
        itemStyle: { color: s.color },
        label: s.label ? { show: true, position: 'insideLeft', color: token.colorWhite, formatter: ({ value }: { value: number }) => (value > 0 ? value.toLocaleString('zh-CN') : '') } : { show: false },
      })),
    };
  }, [shown, token, t]);
  if (shown.length === 0) return null;
  return <EChart option={option} height={Math.max(140, shown.length * 48 + 48)} testId="race-money-chart" ariaLabel={t('racesUi.board.chartTitle')} />;
}
