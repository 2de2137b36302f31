import { useMemo } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Row, Table, Tag, Tooltip, Typography, theme } from 'antd';
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/schema';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { EChart, echarts } from '../../components/charts/EChart.tsx';

echarts.use([BarChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent]);

type Results = paths['/api/v1/review-rounds/{id}/results']['get']['responses'][200]['content']['application/json'];
type ItemRow = Results['items'][number];

const pts = (c: number | null | undefined) => (c === null || c === undefined ? null : c / 100);
const fmt = (c: number | null | undefined) => (c === null || c === undefined ? '—' : (c / 100).toFixed(2));

/** The results of a round side by side: ranking with ties, means, spread and flags, charts, export, close/adopt. */
export default function ResultsTab({ roundId, status, onChanged }: { roundId: string; status: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const data = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/results', { params: { path: { id: roundId } }, signal })), [roundId, status]);
  const r = data.data;

  const adopt = () => {
    modal.confirm({
      title: t('scoringUi.results.adoptTitle'),
      content: t('scoringUi.results.adoptBody', { metric: t(`scoringUi.results.metric.${r!.round.rankBy}`) }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await call(api.POST('/api/v1/review-rounds/{id}/adopt', { params: { path: { id: roundId } } }));
          void message.success(t('scoringUi.results.adopted'));
          onChanged();
        } catch (err) {
          void message.error(errorText(err));
        }
      },
    });
  };

  if (data.error) return <LoadError error={data.error} onRetry={data.reload} />;
  if (!r) return <Card loading variant="borderless" />;
  const scored = r.items.some((i) => i.n > 0);
  return (
    <Flex vertical gap={16} data-testid="review-results">
      <Card
        variant="borderless"
        title={
          <Flex gap={8} align="center" wrap>
            <span>{t('scoringUi.results.ranking')}</span>
            {r.round.final ? <Tag color="green">{t('scoringUi.results.final')}</Tag> : <Tag color="blue">{t('scoringUi.results.live')}</Tag>}
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
              {t('scoringUi.results.rankBy')}：{t(`scoringUi.results.metric.${r.round.rankBy}`)}
            </Typography.Text>
          </Flex>
        }
        extra={
          <Flex gap={8}>
            {r.actions.includes('export') ? <ExportButton href={(format) => `/api/v1/review-rounds/${roundId}/results/export?format=${format}`} hint={t('scoringUi.results.exportHint')} testId="results-export" /> : null}
            {r.actions.includes('adopt') ? (
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={adopt} data-testid="adopt-results">
                {t('scoringUi.results.adopt')}
              </Button>
            ) : null}
          </Flex>
        }
      >
        <RankingTable r={r} />
      </Card>
      {scored ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card variant="borderless" title={t('scoringUi.results.chartTitle')}>
              <TotalsChart r={r} />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card variant="borderless" title={t('scoringUi.results.biasTitle')}>
              <BiasChart r={r} />
            </Card>
          </Col>
        </Row>
      ) : null}
    </Flex>
  );
}

function RankingTable({ r }: { r: Results }) {
  const { t } = useTranslation();
  const lang = useLang();
  const metricKey = r.round.rankBy === 'mean' ? 'meanCenti' : r.round.rankBy === 'trimmed' ? 'trimmedCenti' : 'calibratedCenti';
  const sortBy = (k: 'meanCenti' | 'trimmedCenti' | 'calibratedCenti' | 'spreadCenti') => (a: ItemRow, b: ItemRow) => (a[k] ?? -1) - (b[k] ?? -1);
  return (
    <Table<ItemRow>
      rowKey="itemId"
      size="small"
      pagination={false}
      dataSource={r.items}
      scroll={{ x: 'max-content' }}
      data-testid="results-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scoringUi.results.empty')} /> }}
      expandable={{
        rowExpandable: (i) => i.totals.length > 0,
        expandedRowRender: (i) => (
          <Table
            rowKey="sheetId"
            size="small"
            pagination={false}
            dataSource={i.totals}
            columns={[
              { key: 'expert', title: t('scoringUi.progress.expert'), dataIndex: 'expertName' },
              ...r.round.criteria.map((c) => ({
                key: c.key,
                title: `${lang === 'en' ? c.nameEn : c.nameZh} (${c.scaleMax})`,
                render: (_v: unknown, s: ItemRow['totals'][number]) => (
                  <Tooltip title={s.comments[c.key]}>
                    <span>{s.scores[c.key] ?? '—'}</span>
                  </Tooltip>
                ),
              })),
              { key: 'total', title: t('scoringUi.my.total'), align: 'right' as const, render: (_v: unknown, s: ItemRow['totals'][number]) => fmt(s.totalCenti) },
              { key: 'overall', title: t('scoringUi.results.overall'), dataIndex: 'overallComment' },
            ]}
          />
        ),
      }}
      columns={[
        {
          key: 'rank',
          title: t('scoringUi.results.rank'),
          width: 96,
          sorter: (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9),
          defaultSortOrder: 'ascend',
          render: (_v, i) =>
            i.rank === null ? (
              <Typography.Text type="secondary">{t('scoringUi.results.unranked')}</Typography.Text>
            ) : (
              <Flex gap={4} align="center">
                <Typography.Text strong>{i.rank}</Typography.Text>
                {i.tied ? <Tag color="orange">{t('scoringUi.results.tied')}</Tag> : null}
              </Flex>
            ),
        },
        { key: 'code', title: t('scoringUi.results.code'), render: (_v, i) => <span className="kc-mono">{i.code}</span> },
        { key: 'title', title: t('scoringUi.results.project'), dataIndex: 'title' },
        { key: 'org', title: t('scoringUi.results.organization'), dataIndex: 'organizationName' },
        { key: 'n', title: t('scoringUi.results.sheets'), align: 'right', render: (_v, i) => `${i.n}/${i.assigned}` },
        {
          key: 'totals',
          title: t('scoringUi.results.expertTotals'),
          render: (_v, i) => (
            <Flex gap={4} wrap>
              {i.totals.map((s) => (
                <Tooltip key={s.sheetId} title={s.expertName}>
                  <Tag>{fmt(s.totalCenti)}</Tag>
                </Tooltip>
              ))}
            </Flex>
          ),
        },
        { key: 'mean', title: t('scoringUi.results.mean'), align: 'right', sorter: sortBy('meanCenti'), render: (_v, i) => <Metric v={i.meanCenti} on={metricKey === 'meanCenti'} /> },
        { key: 'trimmed', title: t('scoringUi.results.trimmed'), align: 'right', sorter: sortBy('trimmedCenti'), render: (_v, i) => <Metric v={i.trimmedCenti} on={metricKey === 'trimmedCenti'} /> },
        { key: 'calibrated', title: t('scoringUi.results.calibrated'), align: 'right', sorter: sortBy('calibratedCenti'), render: (_v, i) => <Metric v={i.calibratedCenti} on={metricKey === 'calibratedCenti'} /> },
        { key: 'spread', title: t('scoringUi.results.spread'), align: 'right', sorter: sortBy('spreadCenti'), render: (_v, i) => fmt(i.spreadCenti) },
        {
          key: 'flag',
          title: t('scoringUi.results.flag'),
          filters: [{ text: t('scoringUi.results.disagreement'), value: true }],
          onFilter: (v, i) => i.disagreement === v,
          render: (_v, i) =>
            i.disagreement ? (
              <Tooltip title={t('scoringUi.results.disagreementHint', { value: (r.round.disagreementCenti / 100).toFixed(0) })}>
                <Tag color="red" icon={<WarningOutlined />} data-testid={`disagreement-${i.code}`}>
                  {t('scoringUi.results.disagreement')}
                </Tag>
              </Tooltip>
            ) : null,
        },
      ]}
    />
  );
}

function Metric({ v, on }: { v: number | null; on: boolean }) {
  return on ? <Typography.Text strong>{fmt(v)}</Typography.Text> : <span>{fmt(v)}</span>;
}

function TotalsChart({ r }: { r: Results }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rows = r.items.filter((i) => i.n > 0);
  const option = useMemo(() => {
    const lows = rows.map((i) => pts(Math.min(...i.totals.map((s) => s.totalCenti))) ?? 0);
    const highs = rows.map((i) => pts(Math.max(...i.totals.map((s) => s.totalCenti))) ?? 0);
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [t('scoringUi.results.chartRange'), t('scoringUi.results.chartMean'), t('scoringUi.results.chartScore')] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: rows.map((i) => i.code), axisLabel: { color: token.colorTextSecondary } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: token.colorTextSecondary }, splitLine: { lineStyle: { color: token.colorBorderSecondary } } },
      series: [
        { name: 'base', type: 'bar', stack: 'range', silent: true, itemStyle: { color: 'transparent' }, data: lows, tooltip: { show: false } },
        { name: t('scoringUi.results.chartRange'), type: 'bar', stack: 'range', barWidth: 18, itemStyle: { color: token.colorPrimaryBg, borderColor: token.colorPrimary, borderWidth: 1 }, data: highs.map((h, k) => Math.round((h - lows[k]!) * 100) / 100) },
        { name: t('scoringUi.results.chartMean'), type: 'scatter', symbolSize: 10, itemStyle: { color: token.colorPrimary }, data: rows.map((i) => pts(i.meanCenti)) },
        { name: t('scoringUi.results.chartScore'), type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: { color: token.colorWarning }, data: rows.map((i) => pts(i.scoreCenti)) },
      ],
    };
  }, [rows, t, token]);
  return <EChart option={option} height={300} testId="results-chart" ariaLabel={t('scoringUi.results.chartTitle')} />;
}

function BiasChart({ r }: { r: Results }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { color: token.colorTextSecondary }, splitLine: { lineStyle: { color: token.colorBorderSecondary } } },
      yAxis: { type: 'category', inverse: true, data: r.experts.map((e) => e.name), axisTick: { show: false }, axisLabel: { color: token.colorText } },
      series: [
        {
          name: t('scoringUi.results.bias'),
          type: 'bar',
          barWidth: 14,
          data: r.experts.map((e) => ({ value: (e.biasCenti / 100).toFixed(2), itemStyle: { color: e.biasCenti >= 0 ? token.colorWarning : token.colorInfo } })),
        },
      ],
    }),
    [r.experts, t, token],
  );
  return (
    <Flex vertical gap={8}>
      <EChart option={option} height={Math.max(120, 36 * r.experts.length)} testId="bias-chart" ariaLabel={t('scoringUi.results.biasTitle')} />
      <Descriptions size="small" column={1}>
        {r.experts.map((e) => (
          <Descriptions.Item key={e.expertId} label={e.name}>
            {t('scoringUi.results.expertMean')} {fmt(e.meanCenti)} · {t('scoringUi.results.reviewed')} {e.n} · {t('scoringUi.results.bias')} {e.biasCenti > 0 ? '+' : ''}
            {fmt(e.biasCenti)} {Math.abs(e.biasCenti) >= 300 ? <Tag color={e.biasCenti > 0 ? 'orange' : 'blue'}>{e.biasCenti > 0 ? t('scoringUi.results.lenient') : t('scoringUi.results.harsh')}</Tag> : null}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Flex>
  );
}
