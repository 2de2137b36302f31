import { useMemo } from 'react';
import { LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { Card, Col, Empty, Row, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { formatYuan } from '../challenges/model.ts';
import { STATUS_COLORS, STATUSES } from '../projects/status.ts';
import { CONTRACT_COLORS, CONTRACT_STATUSES, MILESTONE_COLORS, MILESTONE_STATUSES, type DeliveryOverview } from './model.ts';

echarts.use([PieChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

interface Slice {
  name: string;
  value: number;
  color: string;
}

function Donut({ title, slices, testId }: { title: string; slices: Slice[]; testId: string }) {
  const { t } = useTranslation();
  const shown = slices.filter((s) => s.value > 0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '42%'],
          label: { formatter: '{c}' },
          data: shown.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color } })),
        },
      ],
    }),
    [shown],
  );
  return (
    <Card variant="borderless" title={title} size="small">
      {shown.length ? <EChart option={option} height={240} testId={testId} ariaLabel={`${title}: ${shown.map((s) => `${s.name} ${s.value}`).join(', ')}`} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliveryUi.charts.empty')} style={{ height: 240 }} />}
    </Card>
  );
}

/** Status mix of contracts, milestones and list items as three donuts. */
export function StatusMix({ o }: { o: DeliveryOverview }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} md={8}>
        <Donut title={t('deliveryUi.charts.contractMix')} testId="chart-contracts" slices={CONTRACT_STATUSES.map((s) => ({ name: t(`deliveryUi.contractStatus.${s}`), value: o.contracts.byStatus[s], color: CONTRACT_COLORS[s] }))} />
      </Col>
      <Col xs={24} md={8}>
        <Donut title={t('deliveryUi.charts.milestoneMix')} testId="chart-milestones" slices={MILESTONE_STATUSES.map((s) => ({ name: t(`deliveryUi.milestoneStatus.${s}`), value: o.milestones.byStatus[s], color: MILESTONE_COLORS[s] }))} />
      </Col>
      <Col xs={24} md={8}>
        <Donut title={t('deliveryUi.charts.itemMix')} testId="chart-items" slices={STATUSES.map((s) => ({ name: t(`deliveryUi.itemStatus.${s}`), value: o.items.byStatus[s], color: STATUS_COLORS[s] }))} />
      </Col>
    </Row>
  );
}

const toYuan = (fen: number | null) => (fen === null ? null : fen / 100);

/** Cumulative planned vs released money by month (lines), with the month's own amounts in the tooltip. */
export function MoneyChart({ o }: { o: DeliveryOverview }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const months = o.money.months;
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { dataIndex: number }[]) => {
          const m = months[params[0]?.dataIndex ?? -1];
          if (!m) return '';
          const y = (fen: number | null) => (fen === null ? '—' : `¥${formatYuan(fen)}`);
          return [
            `<b>${m.month}</b>`,
            `${t('deliveryUi.charts.cumulativePlanned')}: ${y(m.cumulativePlannedFen)}`,
            `${t('deliveryUi.charts.cumulativeReleased')}: ${y(m.cumulativeReleasedFen)}`,
            `${t('deliveryUi.charts.monthlyPlanned')}: ${y(m.plannedFen)}`,
            `${t('deliveryUi.charts.monthlyReleased')}: ${y(m.releasedFen)}`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel: { color: token.colorTextSecondary } },
      yAxis: { type: 'value', axisLabel: { color: token.colorTextSecondary } },
      series: [
        { name: t('deliveryUi.charts.cumulativePlanned'), type: 'line', step: 'end', data: months.map((m) => toYuan(m.cumulativePlannedFen)), itemStyle: { color: '#8c8c8c' }, lineStyle: { type: 'dashed' } },
        { name: t('deliveryUi.charts.cumulativeReleased'), type: 'line', data: months.map((m) => toYuan(m.cumulativeReleasedFen)), itemStyle: { color: token.colorPrimary }, areaStyle: { opacity: 0.12 } },
      ],
    }),
    [months, t, token],
  );
  return (
    <Card variant="borderless" title={t('deliveryUi.charts.money')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('deliveryUi.charts.moneyHint')}
      </Typography.Paragraph>
      <EChart option={option} height={300} testId="chart-money" ariaLabel={t('deliveryUi.charts.money')} />
    </Card>
  );
}
