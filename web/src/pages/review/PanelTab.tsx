import { useMemo, useState } from 'react';
import { App, Button, Card, Flex, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { fieldErrors, type PanelMember, type Round } from './model.ts';
import { DrawModal, DrawsTable } from './DrawModal.tsx';

export function useFieldName(): (f: string) => string {
  const { t } = useTranslation();
  return (f: string) => ((PRIORITY_FIELDS as readonly string[]).includes(f) ? t(`priorityFields.${f as PriorityField}`) : f);
}

/** 专家组: the panel with fields, organisation and loads; add from the pool, draw at random, override a load, remove. */
export function PanelTab({ round, onChanged }: { round: Round; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldName = useFieldName();
  const panel = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/panel', { params: { path: { id: round.id } }, signal })), [round.id, round.updatedAt]);
  const draws = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/draws', { params: { path: { id: round.id } }, signal })), [round.id, round.updatedAt]);
  const [adding, setAdding] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [loads, setLoads] = useState<Record<string, number | null>>({});
  const manage = round.actions.includes('panel');
  const removable = round.status === 'draft' && manage;

  const refresh = () => {
    panel.reload();
    draws.reload();
    onChanged();
  };
  const failed = (err: unknown) => {
    const fe = fieldErrors(err, lang);
    void message.error(fe.length ? `${errorText(err)}：${fe.map((e) => e.text).join('；')}` : errorText(err));
  };
  const saveLoad = async (m: PanelMember) => {
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/panel', { params: { path: { id: round.id } }, body: { experts: [{ expertId: m.expertId, maxLoad: loads[m.expertId] ?? null }] } }));
      setLoads(({ [m.expertId]: _gone, ...rest }) => rest);
      refresh();
    } catch (err) {
      failed(err);
    }
  };
  const remove = async (m: PanelMember) => {
    try {
      await call(api.DELETE('/api/v1/review-rounds/{id}/panel/{expertId}', { params: { path: { id: round.id, expertId: m.expertId } } }));
      refresh();
    } catch (err) {
      failed(err);
    }
  };

  const columns: TableProps<PanelMember>['columns'] = [
    {
      key: 'name',
      title: t('reviewUi.panel.name'),
      render: (_v, m) => (
        <Flex vertical>
          <span>
            {m.name} {m.title ? <Typography.Text type="secondary">{m.title}</Typography.Text> : null}
          </span>
          {!m.available ? <Tag color="red">{t('reviewUi.panel.unavailable')}</Tag> : null}
          {!m.hasAccount ? <Tag color="orange">{t('reviewUi.panel.noAccount')}</Tag> : null}
        </Flex>
      ),
    },
    { key: 'org', title: t('reviewUi.panel.organization'), render: (_v, m) => m.organizationName ?? (m.affiliation || t('common.empty')) },
    { key: 'fields', title: t('reviewUi.panel.fields'), render: (_v, m) => m.fields.map((f) => <Tag key={f}>{fieldName(f)}</Tag>) },
    { key: 'keywords', title: t('reviewUi.panel.keywords'), render: (_v, m) => <Typography.Text style={{ maxWidth: 240 }} ellipsis={{ tooltip: m.keywords.join('、') }}>{m.keywords.join('、')}</Typography.Text> },
    {
      key: 'load',
      title: t('reviewUi.panel.load'),
      render: (_v, m) =>
        manage ? (
          <Space.Compact>
            <InputNumber
              size="small"
              min={0}
              max={1000}
              precision={0}
              placeholder={String(m.profileMaxLoad)}
              value={m.expertId in loads ? loads[m.expertId] : m.maxLoadOverride}
              onChange={(v) => setLoads((l) => ({ ...l, [m.expertId]: v }))}
              style={{ width: 80 }}
              aria-label={t('reviewUi.panel.loadOverride')}
            />
            <Tooltip title={t('reviewUi.panel.saveLoad')}>
              <Button size="small" icon={<SaveOutlined />} disabled={!(m.expertId in loads)} onClick={() => void saveLoad(m)} aria-label={t('reviewUi.panel.saveLoad')} />
            </Tooltip>
          </Space.Compact>
        ) : (
          m.effectiveMaxLoad
        ),
    },
    { key: 'assigned', title: t('reviewUi.panel.assigned'), align: 'right', render: (_v, m) => `${m.assigned} / ${m.effectiveMaxLoad}` },
    { key: 'source', title: t('reviewUi.panel.source'), render: (_v, m) => <Tag color={m.source === 'draw' ? 'purple' : 'default'}>{t(`reviewUi.panel.sources.${m.source === 'draw' ? 'draw' : 'manual'}`)}</Tag> },
    { key: 'added', title: t('reviewUi.panel.addedAt'), render: (_v, m) => formatDateTime(m.addedAt, lang) },
    ...(removable
      ? [
          {
            key: 'remove',
            title: '',
            render: (_v: unknown, m: PanelMember) => (
              <Popconfirm title={t('reviewUi.panel.removeConfirm', { name: m.name })} onConfirm={() => void remove(m)}>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('reviewUi.panel.remove')} />
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Card
        variant="borderless"
        title={t('reviewUi.panel.title', { count: panel.data?.items.length ?? 0 })}
        extra={
          manage ? (
            <Space wrap>
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="panel-add">
                {t('reviewUi.panel.add')}
              </Button>
              {round.actions.includes('draw') ? (
                <Button icon={<ThunderboltOutlined />} onClick={() => setDrawing(true)} data-testid="panel-draw">
                  {t('reviewUi.draw.button')}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
        style={{ marginBottom: 16 }}
      >
        {panel.error ? <LoadError error={panel.error} onRetry={panel.reload} /> : null}
        <Table<PanelMember> rowKey="expertId" size="small" columns={columns} dataSource={panel.data?.items ?? []} loading={panel.loading} pagination={false} scroll={{ x: 'max-content' }} data-testid="panel-table" />
      </Card>
      <Card variant="borderless" title={t('reviewUi.draw.history')}>
        <DrawsTable roundId={round.id} draws={draws.data?.items ?? []} loading={draws.loading} />
      </Card>
      <AddExpertsModal open={adding} roundId={round.id} present={new Set((panel.data?.items ?? []).map((m) => m.expertId))} onClose={() => setAdding(false)} onAdded={refresh} />
      <DrawModal open={drawing} round={round} onClose={() => setDrawing(false)} onDrawn={refresh} />
    </>
  );
}

type PoolExpert = Awaited<ReturnType<typeof loadPool>>['items'][number];
const loadPool = (q: string, page: number, signal: AbortSignal) => call(api.GET('/api/v1/experts', { params: { query: { q: q || undefined, availability: 'available', page, pageSize: 10 } }, signal }));

function AddExpertsModal({ open, roundId, present, onClose, onAdded }: { open: boolean; roundId: string; present: Set<string>; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldName = useFieldName();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const deps = useMemo(() => [q, page, open], [q, page, open]);
  const pool = useApiData((signal) => (open ? loadPool(q, page, signal) : Promise.resolve(undefined)), deps);

  const add = async () => {
    setBusy(true);
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/panel', { params: { path: { id: roundId } }, body: { experts: selected.map((expertId) => ({ expertId })) } }));
      void message.success(t('reviewUi.panel.added', { count: selected.length }));
      setSelected([]);
      onAdded();
      onClose();
    } catch (err) {
      const fe = fieldErrors(err, lang);
      void message.error(fe.length ? fe.map((e) => e.text).join('；') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} width={820} title={t('reviewUi.panel.addTitle')} onCancel={onClose} onOk={() => void add()} okText={t('reviewUi.panel.addSelected', { count: selected.length })} okButtonProps={{ disabled: selected.length === 0 }} confirmLoading={busy} destroyOnHidden>
      <Input.Search allowClear placeholder={t('reviewUi.panel.searchPool')} onSearch={(v) => (setQ(v.trim()), setPage(1))} style={{ marginBottom: 12 }} data-testid="pool-search" />
      {pool.error ? <LoadError error={pool.error} onRetry={pool.reload} /> : null}
      <Table<PoolExpert>
        rowKey="id"
        size="small"
        loading={pool.loading}
        dataSource={pool.data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (e) => ({ disabled: present.has(e.id) }) }}
        pagination={{ current: page, pageSize: 10, total: pool.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { key: 'name', title: t('reviewUi.panel.name'), render: (_v, e) => (present.has(e.id) ? <span>{e.name} <Tag>{t('reviewUi.panel.onPanel')}</Tag></span> : e.name) },
          { key: 'org', title: t('reviewUi.panel.organization'), render: (_v, e) => e.organizationName ?? (e.affiliation || t('common.empty')) },
          { key: 'fields', title: t('reviewUi.panel.fields'), render: (_v, e) => e.fields.map((f) => <Tag key={f}>{fieldName(f)}</Tag>) },
          { key: 'keywords', title: t('reviewUi.panel.keywords'), render: (_v, e) => e.keywords.join('、') },
          { key: 'load', title: t('reviewUi.panel.profileLoad'), align: 'right', render: (_v, e) => e.maxLoad },
        ]}
        data-testid="pool-table"
      />
    </Modal>
  );
}
