import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Flex, Form, Input, List, Modal, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import type { Baseline, Comparison } from './model.ts';

/** Named baselines of a list, and a comparison of one with the plan now. */
export function BaselinesView({ listId, manage }: { listId: string; manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [tick, setTick] = useState(0);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const baselines = useApiData((signal) => call(api.GET('/api/v1/project-lists/{id}/baselines', { params: { path: { id: listId } }, signal })), [listId, tick]);
  const chosen = selected ?? baselines.data?.items[0]?.id;
  return (
    <Flex vertical gap={16}>
      <Card
        variant="borderless"
        extra={
          manage ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-baseline">
              {t('projectsUi.baselines.create')}
            </Button>
          ) : null
        }
      >
        {baselines.error ? <LoadError error={baselines.error} onRetry={baselines.reload} /> : null}
        <List<Baseline>
          loading={baselines.loading}
          dataSource={baselines.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projectsUi.baselines.none')} /> }}
          renderItem={(b) => (
            <List.Item
              actions={[
                <Button key="c" type={b.id === chosen ? 'primary' : 'default'} size="small" onClick={() => setSelected(b.id)}>
                  {t('projectsUi.baselines.compare')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={b.name} description={`${b.note ? b.note + ' · ' : ''}${t('projectsUi.baselines.createdBy', { by: b.createdBy, at: formatDateTime(b.createdAt, lang), count: b.items })}`} />
            </List.Item>
          )}
        />
      </Card>
      {chosen ? <CompareCard baselineId={chosen} /> : null}
      <CreateBaselineModal
        open={creating}
        listId={listId}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          setSelected(id);
          setTick((n) => n + 1);
        }}
      />
    </Flex>
  );
}

function CompareCard({ baselineId }: { baselineId: string }) {
  const { t } = useTranslation();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const c = useApiData((signal) => call(api.GET('/api/v1/project-baselines/{id}/compare', { params: { path: { id: baselineId } }, signal })), [baselineId]);
  type Row = Comparison['rows'][number];
  const rows = (c.data?.rows ?? []).filter((r) => !onlyChanged || r.change !== 'same');
  const slip = (d: number | null) => (d === null ? t('common.empty') : d >= 0 ? t('projectsUi.baselines.slipDays', { count: d }) : t('projectsUi.baselines.early', { count: -d }));
  return (
    <Card variant="borderless" title={c.data?.baseline.name} extra={<Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)}>{t('projectsUi.baselines.onlyChanged')}</Checkbox>}>
      {c.error ? <LoadError error={c.error} onRetry={c.reload} /> : null}
      <Table<Row>
        rowKey="code"
        loading={c.loading}
        dataSource={rows}
        size="small"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="baseline-compare"
        columns={[
          { key: 'code', title: t('projectsUi.list.colCode'), render: (_v, r) => <span className="kc-mono">{r.code}</span> },
          { key: 'name', title: t('projectsUi.list.colName'), dataIndex: 'name' },
          { key: 'change', title: t('projectsUi.baselines.colChange'), render: (_v, r) => <Tag color={r.change === 'same' ? undefined : r.change === 'changed' ? 'orange' : 'blue'}>{t(`projectsUi.baselines.change.${r.change}`)}</Tag> },
          { key: 'end', title: t('projectsUi.baselines.colEndSlip'), align: 'right', render: (_v, r) => <Typography.Text type={r.endSlipDays && r.endSlipDays > 0 ? 'danger' : undefined}>{slip(r.endSlipDays)}</Typography.Text> },
          {
            key: 'details',
            title: t('projectsUi.baselines.colDetails'),
            render: (_v, r) => (
              <Flex vertical>
                {r.milestones
                  .filter((m) => m.slipDays !== 0)
                  .map((m) => (
                    <span key={m.name}>{`${m.name}：${m.baseline ?? '—'} → ${m.current ?? '—'}（${slip(m.slipDays)}）`}</span>
                  ))}
                {r.kpis
                  .filter((k) => k.changed)
                  .map((k) => (
                    <span key={k.name}>{t('projectsUi.baselines.targetChange', { name: k.name, from: k.baselineTarget ?? '—', to: k.currentTarget ?? '—' })}</span>
                  ))}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

function CreateBaselineModal({ open, listId, onClose, onCreated }: { open: boolean; listId: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ name: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (v: { name: string; note?: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      const b = await call(api.POST('/api/v1/project-lists/{id}/baselines', { params: { path: { id: listId } }, body: { name: v.name.trim(), note: v.note?.trim() ?? '' } }));
      onCreated(b.id);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('projectsUi.baselines.create')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: busy }} destroyOnHidden>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('projectsUi.baselines.name')} rules={[{ required: true, whitespace: true, message: t('projectsUi.item.required') }]} validateTrigger="onChange">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('projectsUi.baselines.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
