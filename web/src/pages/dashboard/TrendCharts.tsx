import { useMemo } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { Empty, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardIndicator, DashboardTrend } from '../../api/types.ts';
import { toChartNumber } from '../../lib/decimal.ts';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { escapeHtml, type IndicatorFormat } from './indicatorFormat.ts';

echarts.use([LineChart, GridComponent, TooltipComponent]);

interface TooltipParam {
  dataIndex: number;
}

function TrendChart({ trend, fmt }: { trend: DashboardTrend; fmt: IndicatorFormat }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const points = trend.points;
  const option = useMemo(
    () => ({
      grid: { left: 4, right: 16, top: 16, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (params: TooltipParam[]) => {
          const p = points[params[0]?.dataIndex ?? -1];
          return p ? `${escapeHtml(fmt.year(p.year))}<br/><b>${escapeHtml(fmt.datumText(trend.code, p))}</b>` : '';
        },
      },
      xAxis: {
        type: 'category',
        data: points.map((p) => String(p.year)),
        boundaryGap: points.length === 1,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: token.colorBorder } },
        axisLabel: { color: token.colorTextSecondary },
      },
      yAxis: {
        type: 'value',
        scale: true,
        splitNumber: 3,
        splitLine: { lineStyle: { color: token.colorBorderSecondary } },
        axisLabel: { color: token.colorTextSecondary },
      },
      series: [
        {
          type: 'line',
          data: points.map((p) => (p.withheld ? null : toChartNumber(p.value))),
          connectNulls: false,
          symbolSize: 6,
          lineStyle: { width: 2, color: token.colorPrimary },
          itemStyle: { color: token.colorPrimary },
          areaStyle: { color: token.colorPrimaryBg, opacity: 0.6 },
        },
      ],
    }),
    [points, token, fmt, trend.code],
  );
  const last = [...points].reverse().find((p) => p.value !== null || p.withheld);
  const withheld = points.some((p) => p.withheld);
  return (
    <div className="kc-trend" data-testid={`trend-${trend.code}`}>
      <Flex vertical style={{ minHeight: 40 }}>
        <Typography.Text strong style={{ fontSize: 13 }} ellipsis={{ tooltip: fmt.name(trend.code) }}>
          {fmt.name(trend.code)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} className="kc-num">
          {last ? `${fmt.year(last.year)} · ${fmt.datumText(trend.code, last)}` : t('dashboard.noData')}
        </Typography.Text>
      </Flex>
      {points.length === 0 ? (
        <Flex align="center" justify="center" style={{ height: 160 }}>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />
        </Flex>
      ) : (
        <EChart option={option} height={160} ariaLabel={t('dashboard.trendAria', { name: fmt.name(trend.code) })} />
      )}
      {withheld ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.someWithheld')}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** One small line chart per indicator, over the years it has values for. */
export function TrendCharts({ trends, indicators, fmt }: { trends: DashboardTrend[]; indicators: DashboardIndicator[]; fmt: IndicatorFormat }) {
  // Headline indicators first, then the others, each group in the registry's order.
  const ordered = useMemo(() => {
    const rank = new Map(indicators.map((d, i) => [d.code, (d.isHeadline ? 0 : 1000) + i]));
    return [...trends].sort((a, b) => (rank.get(a.code) ?? 9999) - (rank.get(b.code) ?? 9999));
  }, [trends, indicators]);
  return (
    <div className="kc-trend-grid" data-testid="trend-charts">
      {ordered.map((tr) => (
        <TrendChart key={tr.code} trend={tr} fmt={fmt} />
      ))}
    </div>
  );
}
