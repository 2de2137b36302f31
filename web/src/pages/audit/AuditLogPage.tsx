import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AutoComplete, Button, Card, DatePicker, Flex, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { AuditEvent } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime, shanghaiDayEnd, shanghaiDayStart } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useCan } from '../../session/SessionContext.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { ACTION_SUGGESTIONS, KNOWN_TARGET_TYPES, useAuditLabels } from './auditLabels.ts';
import { AuditEventDetails } from './AuditEventDetails.tsx';
import { VerifyButton, VerifyResultAlert, useVerifyChain } from './VerifyChain.tsx';

const EXPORT_PATH = '/api/v1/audit/export' satisfies keyof paths;
const EVENTS_EXPORT_PATH = '/api/v1/audit/events/export' satisfies keyof paths;
type EventsExportQuery = NonNullable<paths[typeof EVENTS_EXPORT_PATH]['get']['parameters']['query']>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  action: string;
  /** Set by links from elsewhere (a user, an object); shown as removable tags. */
  actorUserId: string | undefined;
  targetType: string | undefined;
  targetId: string | undefined;
  from: string | undefined;
  to: string | undefined;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function readFilters(p: URLSearchParams): Filters {
  const day = (v: string | null) => (v && DAY.test(v) ? v : undefined);
  const n = (v: string | null, d: number) => {
    const x = Number(v);
    return Number.isInteger(x) && x > 0 ? x : d;
  };
  return {
    action: p.get('action') ?? '',
    actorUserId: UUID.test(p.get('actorUserId') ?? '') ? p.get('actorUserId')! : undefined,
    targetType: p.get('targetType') ?? undefined,
    targetId: p.get('targetId')?.slice(0, 100) || undefined,
    from: day(p.get('from')),
    to: day(p.get('to')),
    order: p.get('order') === 'asc' ? 'asc' : 'desc',
    page: n(p.get('page'), 1),
    pageSize: Math.min(n(p.get('pageSize'), 20), 200),
  };
}

function writeFilters(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.action) p.set('action', f.action);
  if (f.actorUserId) p.set('actorUserId', f.actorUserId);
  if (f.targetType) p.set('targetType', f.targetType);
  if (f.targetId) p.set('targetId', f.targetId);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.order !== 'desc') p.set('order', f.order);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.pageSize !== 20) p.set('pageSize', String(f.pageSize));
  return p;
}

/** The list's filters as the API takes them (dates as Beijing-time day bounds). */
function apiFilters(f: Filters) {
  return {
    action: f.action || undefined,
    actorUserId: f.actorUserId,
    targetType: f.targetType,
    targetId: f.targetId,
    from: f.from ? shanghaiDayStart(f.from) : undefined,
    to: f.to ? shanghaiDayEnd(f.to) : undefined,
    order: f.order,
  };
}

/** The export of every event the list's filters match (no paging), as a download address. */
function eventsExportHref(f: Filters, format: NonNullable<EventsExportQuery['format']>): string {
  const query: EventsExportQuery = { ...apiFilters(f), format };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, String(v));
  return `${EVENTS_EXPORT_PATH}?${p.toString()}`;
}

export default function AuditLogPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const { actionLabel, targetLabel } = useAuditLabels();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [actionText, setActionText] = useState(filters.action);
  const verify = useVerifyChain();

  useEffect(() => setActionText(filters.action), [filters.action]);

  const update = (patch: Partial<Filters>) => setParams(writeFilters({ ...filters, ...('page' in patch ? {} : { page: 1 }), ...patch }));

  // Apply the typed action prefix shortly after the user stops typing.
  useEffect(() => {
    const value = actionText.trim();
    if (value === filters.action) return;
    const id = window.setTimeout(() => setParams(writeFilters({ ...filters, action: value, page: 1 })), 400);
    return () => window.clearTimeout(id);
  }, [actionText, filters, setParams]);

  const list = useApiData(
    (signal) =>
      call(
        api.GET('/api/v1/audit/events', {
          params: {
            query: {
              ...apiFilters(filters),
              page: filters.page,
              pageSize: filters.pageSize,
            },
          },
          signal,
        }),
      ),
    [filters.action, filters.actorUserId, filters.targetType, filters.targetId, filters.from, filters.to, filters.order, filters.page, filters.pageSize],
  );

  const columns: TableProps<AuditEvent>['columns'] = [
    { key: 'seq', title: t('audit.colSeq'), dataIndex: 'chainSeq', width: 80, render: (v: number) => <Typography.Text type="secondary">#{v}</Typography.Text> },
    { key: 'time', title: t('audit.colTime'), dataIndex: 'occurredAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang, true)}</span> },
    {
      key: 'action',
      title: t('audit.colAction'),
      render: (_v, e) => (
        <Flex vertical>
          <Typography.Text>{actionLabel(e.action)}</Typography.Text>
          <Typography.Text type="secondary" className="kc-mono">
            {e.action}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'actor',
      title: t('audit.colActor'),
      render: (_v, e) => (e.actorUserId ? e.actorLabel : <Tag>{e.actorLabel.startsWith('system') ? t('audit.system') : e.actorLabel}</Tag>),
    },
    {
      key: 'target',
      title: t('audit.colTarget'),
      render: (_v, e) => (
        <Flex gap={6} align="center" wrap>
          <Tag style={{ marginInlineEnd: 0 }}>{targetLabel(e.targetType)}</Tag>
          <Tooltip title={e.targetId}>
            <Typography.Text className="kc-mono" type="secondary">
              {e.targetId.length > 13 ? `${e.targetId.slice(0, 8)}…` : e.targetId}
            </Typography.Text>
          </Tooltip>
        </Flex>
      ),
    },
  ];

  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const filtered = filters.action || filters.actorUserId || filters.targetType || filters.targetId || filters.from || filters.to;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <>
            <ExportButton href={(format) => eventsExportHref(filters, format)} hint={t('audit.exportHint')} testId="audit-export" />
            <Tooltip title={t('audit.exportChainHint')}>
              <Button icon={<DownloadOutlined />} href={EXPORT_PATH} download>
                {t('audit.export')}
              </Button>
            </Tooltip>
            {can('audit.verify') ? <VerifyButton type="primary" running={verify.running} onClick={() => void verify.verify()} /> : null}
          </>
        }
      />
      {verify.result ? <VerifyResultAlert result={verify.result} onClose={verify.clear} /> : null}
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }} align="center">
          <AutoComplete
            value={actionText}
            onChange={(v: string) => setActionText(v)}
            options={ACTION_SUGGESTIONS.filter((a) => a.startsWith(actionText.trim())).map((a) => ({ value: a, label: a.endsWith('.') ? a : `${a} · ${actionLabel(a)}` }))}
            placeholder={t('audit.filterActionPlaceholder')}
            allowClear
            style={{ width: 260 }}
            aria-label={t('audit.filterAction')}
            data-testid="audit-action-filter"
          />
          <Select<string>
            allowClear
            value={filters.targetType}
            placeholder={t('audit.filterTargetType')}
            onChange={(v) => update({ targetType: v })}
            options={KNOWN_TARGET_TYPES.map((k) => ({ value: k, label: targetLabel(k) }))}
            style={{ width: 160 }}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => {
              const [a, b] = v ?? [];
              update({ from: a ? a.format('YYYY-MM-DD') : undefined, to: b ? b.format('YYYY-MM-DD') : undefined });
            }}
            disabledDate={(d) => d.isAfter(dayjs().add(1, 'day'), 'day')}
            aria-label={t('audit.filterRange')}
          />
          {filters.actorUserId ? (
            <Tag closable onClose={() => update({ actorUserId: undefined })} className="kc-mono" data-testid="audit-actor-filter">
              {t('audit.actorId')}: {filters.actorUserId.slice(0, 8)}…
            </Tag>
          ) : null}
          {filters.targetId ? (
            <Tag closable onClose={() => update({ targetId: undefined })} className="kc-mono">
              {t('audit.targetId')}: {filters.targetId.length > 13 ? `${filters.targetId.slice(0, 8)}…` : filters.targetId}
            </Tag>
          ) : null}
          <Segmented<'desc' | 'asc'>
            value={filters.order}
            onChange={(v) => update({ order: v })}
            options={[
              { value: 'desc', label: t('audit.orderNewest') },
              { value: 'asc', label: t('audit.orderOldest') },
            ]}
          />
          {filtered ? (
            <Button
              onClick={() => {
                setActionText('');
                setParams(new URLSearchParams());
              }}
            >
              {t('common.reset')}
            </Button>
          ) : null}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<AuditEvent>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (e) => <AuditEventDetails event={e} /> }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
            onChange: (page, pageSize) => update({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
          }}
          data-testid="audit-table"
        />
      </Card>
    </>
  );
}
