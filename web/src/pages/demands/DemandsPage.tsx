import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Radio, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { MergeCellsOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { DEMAND_STATUSES, actsForOrganization, formatWan, managesChallenges, type Demand, type DemandStatus } from '../challenges/model.ts';
import { useFieldLabel } from '../challenges/ChallengesPage.tsx';
import { DemandDrawer } from './DemandDrawer.tsx';

const STATUS_COLORS: Record<DemandStatus, string> = { submitted: 'processing', accepted: 'success', rejected: 'error', merged: 'default', converted: 'purple' };

interface ListState {
  q: string;
  status: DemandStatus | undefined;
  page: number;
  pageSize: number;
}

function readState(p: URLSearchParams): ListState {
  const status = p.get('status');
  const num = (v: string | null, d: number, max: number) => {
    const x = Number(v);
    return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
  };
  return {
    q: p.get('q') ?? '',
    status: status && (DEMAND_STATUSES as readonly string[]).includes(status) ? (status as DemandStatus) : undefined,
    page: num(p.get('page'), 1, 10_000),
    pageSize: num(p.get('pageSize'), 20, 100),
  };
}

function writeState(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.status) p.set('status', s.status);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  return p;
}

export default function DemandsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const fieldLabel = useFieldLabel();
  const manager = managesChallenges(me);
  const applicant = actsForOrganization(me);
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);
  const [searchText, setSearchText] = useState(state.q);
  useEffect(() => setSearchText(state.q), [state.q]);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [selected, setSelected] = useState<Demand[]>([]);
  const [mergeOpen, setMergeOpen] = useState(false);
  const [mergeInto, setMergeInto] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<Demand | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const update = (patch: Partial<ListState>) => setParams(writeState({ ...state, ...('page' in patch ? {} : { page: 1 }), ...patch }));
  const query = useMemo(() => ({ q: state.q || undefined, status: state.status, page: state.page, pageSize: state.pageSize }), [state]);
  const list = useApiData((signal) => call(api.GET('/api/v1/demands', { params: { query }, signal })), [query]);

  const act = async (key: string, run: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setFailure(null);
    try {
      await run();
      void message.success(done);
      list.reload();
      return true;
    } catch (err) {
      setFailure(err);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const review = (d: Demand, decision: 'accepted' | 'rejected', reviewNote: string | null) =>
    act(`${decision}:${d.id}`, () => call(api.POST('/api/v1/demands/{id}/review', { params: { path: { id: d.id } }, body: { decision, note: reviewNote } })), decision === 'accepted' ? t('demands.acceptedMsg') : t('demands.rejectedMsg'));

  const convert = async (d: Demand) => {
    setBusy(`convert:${d.id}`);
    setFailure(null);
    try {
      const c = await call(api.POST('/api/v1/demands/{id}/convert', { params: { path: { id: d.id } } }));
      void message.success(t('demands.convertedMsg', { code: c.code }));
      void navigate(`/challenges/${c.id}/edit`);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const mergeable = (d: Demand) => d.status === 'submitted' || d.status === 'accepted';

  const columns: TableProps<Demand>['columns'] = [
    {
      key: 'title',
      title: t('demands.colTitle'),
      render: (_v, d) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Typography.Text strong>{d.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.organizationName}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'field', title: t('demands.colField'), render: (_v, d) => fieldLabel(d.field) },
    { key: 'budget', title: t('demands.colBudget'), align: 'right', render: (_v, d) => (d.budgetExpectationFen === null ? t('common.empty') : t('challenges.wan', { value: formatWan(d.budgetExpectationFen) })) },
    {
      key: 'status',
      title: t('demands.colStatus'),
      render: (_v, d) => (
        <Flex gap={4} wrap>
          <Tag color={STATUS_COLORS[d.status]}>{t(`demands.status.${d.status}`)}</Tag>
          {d.challengeId ? <Link to={`/challenges/${d.challengeId}`}>{t('demands.viewChallenge')}</Link> : null}
        </Flex>
      ),
    },
    { key: 'created', title: t('demands.colCreated'), render: (_v, d) => formatDateTime(d.createdAt, lang) },
    ...(manager
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_v: unknown, d: Demand) => (
              <Flex gap={4} wrap>
                {d.status === 'submitted' ? (
                  <>
                    <Button size="small" type="link" loading={busy === `accepted:${d.id}`} onClick={() => void review(d, 'accepted', null)} data-testid={`demand-accept-${d.id}`}>
                      {t('demands.accept')}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      danger
                      onClick={() => {
                        setNote('');
                        setRejecting(d);
                      }}
                    >
                      {t('demands.reject')}
                    </Button>
                  </>
                ) : null}
                {d.status === 'accepted' ? (
                  <Button size="small" type="link" loading={busy === `convert:${d.id}`} onClick={() => void convert(d)} data-testid={`demand-convert-${d.id}`}>
                    {t('demands.convert')}
                  </Button>
                ) : null}
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('demands.title')}
        subtitle={manager ? t('demands.subtitleOfficer') : t('demands.subtitle')}
        extra={
          <>
            {manager ? (
              <Button icon={<MergeCellsOutlined />} disabled={selected.length < 2} onClick={() => { setMergeInto(selected[0]?.id ?? null); setMergeOpen(true); }} data-testid="demands-merge">
                {t('demands.mergeSelected', { count: selected.length })}
              </Button>
            ) : null}
            {applicant || manager ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawerOpen(true)} data-testid="new-demand">
                {t('demands.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('demands.searchPlaceholder')}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <Select<DemandStatus>
            allowClear
            value={state.status}
            placeholder={t('demands.filterStatus')}
            onChange={(v) => update({ status: v })}
            options={DEMAND_STATUSES.map((s) => ({ value: s, label: t(`demands.status.${s}`) }))}
            style={{ width: 160 }}
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        {failure ? <Alert type="error" showIcon closable title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
        <Table<Demand>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          rowSelection={
            manager
              ? {
                  selectedRowKeys: selected.map((d) => d.id),
                  onChange: (_keys, rows) => setSelected(rows),
                  getCheckboxProps: (d) => ({ disabled: !mergeable(d) }),
                }
              : undefined
          }
          expandable={{
            expandedRowRender: (d) => (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('demands.fieldDescription')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{d.description}</span>
                </Descriptions.Item>
                {d.expectedTargets ? (
                  <Descriptions.Item label={t('demands.fieldTargets')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{d.expectedTargets}</span>
                  </Descriptions.Item>
                ) : null}
                {d.reviewNote ? <Descriptions.Item label={t('demands.reviewNote')}>{d.reviewNote}</Descriptions.Item> : null}
                {d.reviewedAt ? <Descriptions.Item label={t('demands.reviewedAt')}>{formatDateTime(d.reviewedAt, lang)}</Descriptions.Item> : null}
              </Descriptions>
            ),
          }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: () => t('common.total', { count: list.data?.total ?? 0 }),
            onChange: (page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }),
          }}
          data-testid="demands-table"
        />
      </Card>
      <DemandDrawer
        open={drawerOpen}
        forAnyOrganization={manager}
        onClose={() => setDrawerOpen(false)}
        onSubmitted={() => {
          setDrawerOpen(false);
          void message.success(t('demands.submittedMsg'));
          list.reload();
        }}
      />
      <Modal
        open={rejecting !== null}
        title={t('demands.rejectTitle')}
        okText={t('demands.reject')}
        okButtonProps={{ danger: true, disabled: !note.trim(), loading: busy?.startsWith('rejected:') }}
        onCancel={() => setRejecting(null)}
        onOk={() => {
          if (!rejecting) return;
          void review(rejecting, 'rejected', note.trim()).then((ok) => {
            if (ok) setRejecting(null);
          });
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{rejecting?.title}</Typography.Paragraph>
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} showCount placeholder={t('demands.rejectNote')} status={note.trim() ? undefined : 'warning'} />
      </Modal>
      <Modal
        open={mergeOpen}
        title={t('demands.mergeTitle')}
        okText={t('demands.merge')}
        okButtonProps={{ loading: busy === 'merge', disabled: !mergeInto }}
        onCancel={() => setMergeOpen(false)}
        onOk={() => {
          if (!mergeInto) return;
          const sourceIds = selected.filter((d) => d.id !== mergeInto).map((d) => d.id);
          void act('merge', () => call(api.POST('/api/v1/demands/{id}/merge', { params: { path: { id: mergeInto } }, body: { sourceIds } })), t('demands.mergedMsg', { count: sourceIds.length })).then((ok) => {
            if (ok) {
              setSelected([]);
              setMergeOpen(false);
            }
          });
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('demands.mergeHint')}</Typography.Paragraph>
        <Radio.Group value={mergeInto} onChange={(e) => setMergeInto(e.target.value as string)}>
          <Flex vertical gap={8}>
            {selected.map((d) => (
              <Radio key={d.id} value={d.id}>
                {d.title} <Typography.Text type="secondary">· {d.organizationName}</Typography.Text>
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      </Modal>
    </>
  );
}
