import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Flex, Grid, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, FundOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Indicator, IndicatorCategory, IndicatorKind, IndicatorValue } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDecimal } from '../../lib/decimal.ts';
import { useNotifyError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { managesIndicators } from '../../lib/roles.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useZones } from '../../lib/useZones.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { indicatorName, indicatorUnit, valueWithUnit } from '../dashboard/indicatorFormat.ts';
import { IndicatorValueDrawer } from './IndicatorValueDrawer.tsx';

const KIND_COLORS: Record<IndicatorKind, string> = { computed: 'blue', official: 'gold' };
const CATEGORY_COLORS: Record<IndicatorCategory, string> = { innovation: 'geekblue', qualification: 'purple', industry: 'cyan', funds: 'volcano', economy: 'green' };

type IndicatorColumn = NonNullable<TableProps<Indicator>['columns']>[number];

type Recompute = { status: 'queued'; jobId: string; before: string | null } | { status: 'done'; jobId: string; at: string } | { status: 'slow'; jobId: string } | null;

function latestComputedAt(values: IndicatorValue[] | undefined): string | null {
  let best: string | null = null;
  for (const v of values ?? []) if (v.computedAt && (!best || v.computedAt > best)) best = v.computedAt;
  return best;
}

/** The values of one indicator by year, for the whole center or one zone. */
function ValuesTable({ indicator }: { indicator: Indicator }) {
  const { t } = useTranslation();
  const lang = useLang();
  const zones = useZones();
  const [zoneId, setZoneId] = useState<string | undefined>();
  const values = useApiData((signal) => call(api.GET('/api/v1/indicators/values', { params: { query: { code: indicator.code, zoneId } }, signal })), [indicator.code, zoneId]);
  const unit = indicatorUnit(indicator, lang);
  const rows = useMemo(() => [...(values.data ?? [])].sort((a, b) => b.year - a.year), [values.data]);
  const columns: TableProps<IndicatorValue>['columns'] = [
    { key: 'year', title: t('indicators.colYear'), dataIndex: 'year', width: 80 },
    {
      key: 'value',
      title: t('indicators.colValue'),
      align: 'right',
      render: (_v, r) =>
        r.withheld ? (
          <Tooltip title={t('dashboard.withheldHint')}>
            <Typography.Text type="secondary">{t('dashboard.withheld')}</Typography.Text>
          </Tooltip>
        ) : r.value === null ? (
          <Tooltip title={t('indicators.notComputable')}>
            <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
          </Tooltip>
        ) : (
          <span className="kc-num" style={{ whiteSpace: 'nowrap' }}>
            {valueWithUnit(r.value, unit)}
          </span>
        ),
    },
    {
      key: 'basis',
      title: t('indicators.colBasis'),
      render: (_v, r) =>
        r.origin === 'computed' ? (
          <Flex vertical gap={2}>
            {r.contributors !== null ? <span>{t('indicators.contributors', { count: r.contributors })}</span> : null}
            {r.inputs ? (
              <Typography.Text type="secondary" className="kc-mono">
                {Object.entries(r.inputs)
                  .map(([k, v]) => `${k} = ${formatDecimal(v)}`)
                  .join('; ')}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : (
          <Flex vertical gap={2} style={{ maxWidth: 420 }}>
            <span>{r.source ?? t('common.empty')}</span>
            {r.note ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.note}
              </Typography.Text>
            ) : null}
          </Flex>
        ),
    },
    {
      key: 'at',
      title: t('indicators.colUpdated'),
      render: (_v, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>{r.origin === 'computed' ? formatDateTime(r.computedAt, lang) : formatDateTime(r.enteredAt, lang)}</span>
      ),
    },
  ];
  return (
    <Flex vertical gap={8} style={{ padding: '4px 0' }}>
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        value={zoneId}
        onChange={setZoneId}
        placeholder={t('indicators.wholeTenant')}
        options={zones.list.filter((z) => z.level !== 'city').map((z) => ({ value: z.id, label: zones.path(z.id, lang) ?? z.nameZh }))}
        style={{ width: 280, maxWidth: '100%' }}
        popupMatchSelectWidth={false}
        aria-label={t('indicators.fieldZone')}
      />
      {values.error ? <LoadError error={values.error} onRetry={values.reload} /> : null}
      <Table<IndicatorValue>
        rowKey={(r) => `${r.zoneId ?? ''}:${r.year}`}
        size="small"
        columns={columns}
        dataSource={rows}
        loading={values.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('indicators.noValues') }}
        data-testid={`values-${indicator.code}`}
      />
    </Flex>
  );
}

/** The indicator registry: what is measured and how; official figures are entered here. */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const manage = managesIndicators(me);
  // On narrower screens the definition moves into the expanded row, so the actions stay in view.
  const wide = Boolean(Grid.useBreakpoint().xl);
  const list = useApiData((signal) => call(api.GET('/api/v1/indicators', { signal })), []);
  const values = useApiData((signal) => call(api.GET('/api/v1/indicators/values', { signal })), []);
  const [entering, setEntering] = useState<Indicator | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [recompute, setRecompute] = useState<Recompute>(null);
  const [queueing, setQueueing] = useState(false);
  const [valuesTick, setValuesTick] = useState(0);

  const latest = useMemo(() => {
    const m = new Map<string, IndicatorValue>();
    for (const v of values.data ?? []) {
      if (v.value === null && !v.withheld) continue;
      const cur = m.get(v.code);
      if (!cur || v.year > cur.year) m.set(v.code, v);
    }
    return m;
  }, [values.data]);

  // After a recompute is queued, watch the values until they carry a newer computation time.
  const reloadValues = values.reload;
  const valuesRef = useRef(values.data);
  valuesRef.current = values.data;
  useEffect(() => {
    if (recompute?.status !== 'queued') return;
    const started = Date.now();
    let live = true;
    const tick = async () => {
      try {
        const fresh = await call(api.GET('/api/v1/indicators/values'));
        const at = latestComputedAt(fresh);
        if (!live) return;
        if (at && at !== recompute.before && (!recompute.before || at > recompute.before)) {
          setRecompute({ status: 'done', jobId: recompute.jobId, at });
          reloadValues();
          setValuesTick((n) => n + 1);
          return;
        }
      } catch {
        // try again on the next tick
      }
      if (!live) return;
      if (Date.now() - started > 60_000) setRecompute({ status: 'slow', jobId: recompute.jobId });
      else timer = window.setTimeout(() => void tick(), 1500);
    };
    let timer = window.setTimeout(() => void tick(), 1000);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [recompute, reloadValues]);

  const queueRecompute = async () => {
    setQueueing(true);
    try {
      const before = latestComputedAt(valuesRef.current);
      const { jobId } = await call(api.POST('/api/v1/indicators/recompute', { body: {} }));
      setRecompute({ status: 'queued', jobId, before });
    } catch (err) {
      notifyError(err);
    } finally {
      setQueueing(false);
    }
  };

  const columns: (IndicatorColumn | false)[] = [
    {
      key: 'name',
      title: t('indicators.colName'),
      render: (_v, d) => (
        <Flex vertical style={{ minWidth: 170, maxWidth: 220 }}>
          <Typography.Text strong>{indicatorName(d, lang)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'en' ? d.nameZh : d.nameEn}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('indicators.unitLabel', { unit: indicatorUnit(d, lang) })}
          </Typography.Text>
          <Typography.Text type="secondary" className="kc-mono">
            {d.code}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'kind',
      title: t('indicators.colKind'),
      render: (_v, d) => (
        <Flex vertical gap={4} align="flex-start" style={{ minWidth: 96 }}>
          <Tag color={KIND_COLORS[d.kind]} style={{ marginInlineEnd: 0 }}>
            {t(`indicatorKinds.${d.kind}`)}
          </Tag>
          <Tag color={CATEGORY_COLORS[d.category]} style={{ marginInlineEnd: 0 }}>
            {t(`indicatorCategories.${d.category}`)}
          </Tag>
          <Space size={4}>
            {d.isHeadline ? <Tag style={{ marginInlineEnd: 0 }}>{t('indicators.headline')}</Tag> : null}
            <Tooltip title={d.isPublic ? t('indicators.publicHint') : t('indicators.internalHint')}>
              <Tag color={d.isPublic ? 'success' : 'default'} style={{ marginInlineEnd: 0 }}>
                {d.isPublic ? t('indicators.public') : t('indicators.internal')}
              </Tag>
            </Tooltip>
          </Space>
        </Flex>
      ),
    },
    {
      key: 'latest',
      title: t('indicators.colLatest'),
      align: 'right',
      render: (_v, d) => {
        const v = latest.get(d.code);
        if (!v) return <Typography.Text type="secondary">{t('indicators.noValues')}</Typography.Text>;
        return (
          <Flex vertical align="flex-end" style={{ whiteSpace: 'nowrap' }}>
            <span className="kc-num">{v.withheld ? t('dashboard.withheld') : valueWithUnit(v.value ?? '', indicatorUnit(d, lang))}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dashboard.yearLabel', { year: v.year })}
            </Typography.Text>
          </Flex>
        );
      },
    },
    wide && {
      key: 'formula',
      title: t('indicators.colFormula'),
      render: (_v, d) => (
        <Typography.Paragraph style={{ margin: 0, width: 250, fontSize: 13 }} ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (open: boolean) => (open ? t('indicators.less') : t('indicators.more')) }}>
          {lang === 'en' ? d.formulaEn : d.formulaZh}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, d) =>
        d.actions.includes('enterValue') ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEntering(d)} data-testid={`enter-${d.code}`}>
            {t('indicators.enterValue')}
          </Button>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {d.kind === 'computed' ? t('indicators.automatic') : t('common.empty')}
          </Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('indicators.title')}
        subtitle={t('indicators.subtitle')}
        extra={
          <>
            <Button icon={<FundOutlined />} onClick={() => void navigate('/dashboard')}>
              {t('indicators.openDashboard')}
            </Button>
            {manage ? (
              <Button type="primary" icon={<SyncOutlined />} loading={queueing} onClick={() => void queueRecompute()} data-testid="recompute">
                {t('indicators.recompute')}
              </Button>
            ) : null}
          </>
        }
      />
      {recompute ? (
        <Alert
          type={recompute.status === 'done' ? 'success' : recompute.status === 'slow' ? 'warning' : 'info'}
          showIcon
          icon={recompute.status === 'queued' ? <SyncOutlined spin /> : undefined}
          closable={{ onClose: () => setRecompute(null) }}
          title={
            recompute.status === 'queued'
              ? t('indicators.recomputeQueued')
              : recompute.status === 'done'
                ? t('indicators.recomputeDone', { time: formatDateTime(recompute.at, lang, true) })
                : t('indicators.recomputeSlow')
          }
          description={
            <span>
              {t('indicators.jobId')} <span className="kc-mono">{recompute.jobId}</span>
            </span>
          }
          style={{ marginBottom: 16 }}
          data-testid="recompute-status"
          data-status={recompute.status}
        />
      ) : null}
      <Card variant="borderless">
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Indicator>
          rowKey="code"
          columns={columns.filter((c): c is IndicatorColumn => c !== false)}
          dataSource={list.data ?? []}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: (keys) => setExpanded(keys.map(String)),
            expandedRowRender: (d) => (
              <Flex vertical gap={8}>
                {wide ? null : <Typography.Paragraph style={{ margin: 0, fontSize: 13 }}>{lang === 'en' ? d.formulaEn : d.formulaZh}</Typography.Paragraph>}
                <ValuesTable key={`${d.code}:${valuesTick}`} indicator={d} />
              </Flex>
            ),
          }}
          data-testid="indicators-table"
        />
      </Card>
      <IndicatorValueDrawer
        indicator={entering}
        onClose={() => setEntering(null)}
        onSaved={(v) => {
          const d = entering;
          setEntering(null);
          if (d) void message.success(t('indicators.saved', { name: indicatorName(d, lang), year: v.year }));
          values.reload();
          setValuesTick((n) => n + 1);
          if (d && !expanded.includes(d.code)) setExpanded((e) => [...e, d.code]);
        }}
      />
    </>
  );
}
