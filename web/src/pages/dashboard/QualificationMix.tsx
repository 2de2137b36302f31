import { useMemo } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { Empty, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardTrend } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDecimal, toChartNumber } from '../../lib/decimal.ts';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { escapeHtml, type IndicatorFormat } from './indicatorFormat.ts';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent]);

const PALETTE = ['#1652d9', '#13a8a8', '#fa8c16', '#722ed1', '#eb2f96', '#52c41a'];

/**
 * Enterprises holding each qualification. Bars rather than a pie: one enterprise may hold several
 * qualifications, so the counts are not parts of one whole.
 */
export function QualificationMix({ mix, trends, fmt }: { mix: Dashboard['qualificationMix']; trends: DashboardTrend[]; fmt: IndicatorFormat }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { token } = theme.useToken();
  const items = mix.items;
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const it = items[params[0]?.dataIndex ?? -1];
          return it ? `${escapeHtml(fmt.name(it.code))}<br/><b>${escapeHtml(fmt.datumText(it.code, it))}</b>` : '';
        },
      },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: token.colorBorderSecondary } }, axisLabel: { color: token.colorTextSecondary } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: items.map((i) => fmt.name(i.code)),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: token.colorBorder } },
        axisLabel: { color: token.colorText, width: lang === 'en' ? 170 : 150, overflow: 'break' },
      },
      series: [
        {
          type: 'bar',
          data: items.map((i, n) => ({ value: i.withheld ? null : toChartNumber(i.value), itemStyle: { color: PALETTE[n % PALETTE.length] } })),
          barMaxWidth: 22,
          itemStyle: { borderRadius: [0, 4, 4, 0] },
          label: {
            show: true,
            position: 'right',
            color: token.colorTextSecondary,
            formatter: (p: { dataIndex: number }) => {
              const it = items[p.dataIndex];
              if (!it) return '';
              return it.withheld ? t('dashboard.withheld') : it.value === null ? '' : formatDecimal(it.value);
            },
          },
        },
      ],
    }),
    [items, fmt, token, lang, t],
  );
  // The same counts over the years: all in one unit (enterprises), so one chart holds them.
  const history = useMemo(() => {
    const series = items.map((i, n) => ({ code: i.code, color: PALETTE[n % PALETTE.length]!, points: trends.find((tr) => tr.code === i.code)?.points ?? [] }));
    const years = [...new Set(series.flatMap((x) => x.points.map((p) => p.year)))].sort((a, b) => a - b);
    if (years.length < 2) return null;
    return {
      grid: { left: 4, right: 16, top: 56, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { color: token.colorTextSecondary, fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: years.map(String), axisTick: { show: false }, axisLine: { lineStyle: { color: token.colorBorder } }, axisLabel: { color: token.colorTextSecondary } },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3, splitLine: { lineStyle: { color: token.colorBorderSecondary } }, axisLabel: { color: token.colorTextSecondary } },
      series: series.map((x) => ({
        type: 'line',
        name: fmt.name(x.code),
        data: years.map((y) => {
          const p = x.points.find((pt) => pt.year === y);
          return p && !p.withheld ? toChartNumber(p.value) : null;
        }),
        symbolSize: 5,
        lineStyle: { width: 2, color: x.color },
        itemStyle: { color: x.color },
      })),
    };
  }, [items, trends, fmt, token]);
  if (items.length === 0 || items.every((i) => i.value === null && !i.withheld)) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />;
  }
  return (
    <Flex vertical gap={8}>
      <EChart option={option} height={Math.max(160, items.length * 48 + 24)} testId="qualifications-chart" ariaLabel={t('dashboard.qualificationsAria')} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.qualificationsNote')}
      </Typography.Text>
      {history ? (
        <>
          <Typography.Text strong style={{ fontSize: 13, marginTop: 8 }}>
            {t('dashboard.qualificationsHistory')}
          </Typography.Text>
          <EChart option={history} height={220} testId="qualifications-history" ariaLabel={t('dashboard.qualificationsHistory')} />
        </>
      ) : null}
    </Flex>
  );
}
