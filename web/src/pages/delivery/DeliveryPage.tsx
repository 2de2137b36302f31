import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Card, Col, Flex, Row, Segmented, Statistic, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { formatYuan } from '../challenges/model.ts';
import { STATUS_COLORS, STATUSES } from '../projects/status.ts';
import { MoneyChart, StatusMix } from './DeliveryCharts.tsx';
import { OverdueTable } from './OverdueTable.tsx';
import { readState, scopeQuery, writeState, type DeliveryOverview, type DeliveryState } from './model.ts';

type ListRow = DeliveryOverview['items']['lists'][number];

function Cards({ o, loading }: { o: DeliveryOverview | undefined; loading: boolean }) {
  const { t } = useTranslation();
  // Whole yuan without ".00", so an eight-digit budget fits a card of a sixth of the page.
  const yuan = (fen: number | undefined) => `¥${formatYuan(fen ?? 0).replace(/\.00$/, '')}`;
  const card = (key: string, title: string, value: string | number, foot: string | null, color?: string) => (
    <Col key={key} xs={12} md={8} xl={4}>
      <Card variant="borderless" loading={loading && !o} data-testid={`kpi-${key}`} style={{ height: '100%' }}>
        <Statistic title={title} value={value} styles={{ content: { fontSize: 22, whiteSpace: 'nowrap', ...(color ? { color } : {}) } }} />
        {foot ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{foot}</Typography.Text> : null}
      </Card>
    </Col>
  );
  const m = o?.money;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="kpi-cards">
      {card('contracts', t('deliveryUi.cards.contracts'), o?.contracts.total ?? 0, o ? t('deliveryUi.cards.contractsActive', { count: o.contracts.byStatus.active }) : null)}
      {card('items', t('deliveryUi.cards.items'), o?.items.total ?? 0, o ? t('deliveryUi.cards.itemsRed', { count: o.items.byStatus.red }) : null)}
      {card('budget', t('deliveryUi.cards.budget'), yuan(m?.totalFen), null)}
      {card('planned', t('deliveryUi.cards.plannedToDate'), yuan(m?.plannedToDateFen), null)}
      {card('released', t('deliveryUi.cards.released'), yuan(m?.releasedFen), m && m.behindPlanFen > 0 ? t('deliveryUi.cards.behindPlan', { amount: formatYuan(m.behindPlanFen) }) : null, m && m.behindPlanFen > 0 ? '#d48806' : undefined)}
      {card('overdue', t('deliveryUi.cards.overdue'), o?.overdue.total ?? 0, o ? t('deliveryUi.cards.overdueBreakdown', o.overdue) : null, o && o.overdue.total > 0 ? '#cf1322' : undefined)}
    </Row>
  );
}

/** /delivery — the officers' delivery dashboard: figures, charts and the overdue list (auditors read it too). */
export default function DeliveryPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);
  const update = (patch: Partial<DeliveryState>) => setParams(writeState({ ...state, ...('page' in patch ? {} : { page: 1 }), ...patch }));
  const scope = scopeQuery(state);
  const overview = useApiData((signal) => call(api.GET('/api/v1/delivery/overview', { params: { query: scope }, signal })), [scope.officer, scope.challengeId, scope.listId]);
  const o = overview.data;

  return (
    <>
      <PageHeader
        title={t('deliveryUi.title')}
        subtitle={t('deliveryUi.subtitle')}
        extra={
          <Flex gap={12} align="center">
            {o ? <Typography.Text type="secondary">{t('deliveryUi.asOf', { date: o.today })}</Typography.Text> : null}
            <Tooltip title={t('deliveryUi.scopeHint')}>
              <Segmented<'me' | 'all'>
                aria-label={t('deliveryUi.scope.label')}
                value={state.officer}
                onChange={(officer) => update({ officer })}
                options={[
                  { value: 'all', label: t('deliveryUi.scope.all') },
                  { value: 'me', label: t('deliveryUi.scope.mine') },
                ]}
                data-testid="scope"
              />
            </Tooltip>
          </Flex>
        }
      />
      {overview.error ? <LoadError error={overview.error} onRetry={overview.reload} /> : null}
      <Cards o={o} loading={overview.loading} />
      {o ? (
        <>
          <StatusMix o={o} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={15}>
              <MoneyChart o={o} />
            </Col>
            <Col xs={24} xl={9}>
              <Card variant="borderless" title={t('deliveryUi.lists')} style={{ marginBottom: 16 }}>
                <Table<ListRow>
                  rowKey="listId"
                  size="small"
                  pagination={false}
                  dataSource={o.items.lists}
                  columns={[
                    { key: 'name', render: (_v, l) => <Link to={`/projects/lists/${l.listId}`}>{lang === 'en' && l.nameEn ? l.nameEn : l.nameZh}</Link> },
                    ...STATUSES.map((s) => ({ key: s, width: 48, title: <span style={{ whiteSpace: 'nowrap' }}>{t(`deliveryUi.itemStatus.${s}`)}</span>, align: 'right' as const, render: (_v: unknown, l: ListRow) => <span style={{ color: l.counts[s] ? STATUS_COLORS[s] : undefined }}>{l.counts[s]}</span> })),
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
      <OverdueTable state={state} update={update} />
    </>
  );
}
