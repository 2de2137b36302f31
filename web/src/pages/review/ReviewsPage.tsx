import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { beijingToIso } from '../challenges/model.ts';
import { fieldErrors, ROUND_STATUSES, STATUS_COLORS, type Round, type RoundStatus } from './model.ts';

/** 评审轮次: every review round, filtered by status and challenge on the server; officers create one here. */
export default function ReviewsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const manager = me.user.roles.some((r) => r === 'officer' || r === 'admin');
  const [params, setParams] = useSearchParams();
  const status = (ROUND_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as RoundStatus) : undefined;
  const challengeId = params.get('challengeId') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [creating, setCreating] = useState(false);
  const query = useMemo(() => ({ page, pageSize: 20, ...(status ? { status } : {}), ...(challengeId ? { challengeId } : {}) }), [page, status, challengeId]);
  const list = useApiData((signal) => call(api.GET('/api/v1/review-rounds', { params: { query }, signal })), [query]);
  const challenges = useApiData((signal) => call(api.GET('/api/v1/challenges', { params: { query: { stage: 'review', pageSize: 200 } }, signal })), []);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };

  const columns: TableProps<Round>['columns'] = [
    { key: 'name', title: t('reviewUi.list.name'), render: (_v, r) => <Link to={`/reviews/${r.id}`}>{r.name}</Link> },
    {
      key: 'challenge',
      title: t('reviewUi.list.challenge'),
      // A race gate's round names the gate (and leads to the race board); a challenge's round the challenge.
      render: (_v, r) =>
        r.subject.type === 'race_gate' && r.subject.raceId ? (
          <Flex vertical>
            <Link to={`/races/${r.subject.raceId}`} className="kc-mono">
              {r.subject.code}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.subject.title}
            </Typography.Text>
          </Flex>
        ) : (
          <Flex vertical>
            <span className="kc-mono">{r.challenge.code}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.challenge.title}
            </Typography.Text>
          </Flex>
        ),
    },
    { key: 'status', title: t('reviewUi.list.status'), render: (_v, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`reviewUi.status.${r.status}`)}</Tag> },
    { key: 'blind', title: t('reviewUi.list.blind'), render: (_v, r) => t(`reviewUi.blind.${r.blind}`) },
    { key: 'items', title: t('reviewUi.list.items'), align: 'right', render: (_v, r) => r.counts.items },
    { key: 'panel', title: t('reviewUi.list.panel'), align: 'right', render: (_v, r) => r.counts.panel },
    { key: 'progress', title: t('reviewUi.list.progress'), align: 'right', render: (_v, r) => `${r.counts.sheetsSubmitted} / ${r.counts.assignments}` },
    { key: 'deadline', title: t('reviewUi.list.deadline'), render: (_v, r) => formatDateTime(r.deadline, lang) },
  ];

  return (
    <>
      <PageHeader
        title={t('reviewUi.title')}
        subtitle={t('reviewUi.subtitle')}
        extra={
          manager ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-review-round">
              {t('reviewUi.create.button')}
            </Button>
          ) : null
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select<RoundStatus>
            allowClear
            value={status}
            placeholder={t('reviewUi.list.filterStatus')}
            onChange={(v) => set('status', v)}
            options={ROUND_STATUSES.map((s) => ({ value: s, label: t(`reviewUi.status.${s}`) }))}
            style={{ width: 160 }}
            data-testid="reviews-status"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={challengeId}
            placeholder={t('reviewUi.list.filterChallenge')}
            onChange={(v) => set('challengeId', v)}
            options={(challenges.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.terms.title}` }))}
            style={{ width: 320 }}
            popupMatchSelectWidth={false}
          />
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Round>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => set('page', String(p)) }}
          data-testid="reviews-table"
        />
      </Card>
      <CreateRoundModal open={creating} onClose={() => setCreating(false)} challenges={(challenges.data?.items ?? []).map((c) => ({ id: c.id, label: `${c.code} ${c.terms.title}`, title: c.terms.title }))} />
    </>
  );
}

interface CreateForm {
  challengeId?: string;
  name?: string;
  deadline?: Dayjs | null;
  expertsPerItem?: number;
  blind?: 'single' | 'double';
}

function CreateRoundModal({ open, onClose, challenges }: { open: boolean; onClose: () => void; challenges: { id: string; label: string; title: string }[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const deadline = v.deadline ? beijingToIso(v.deadline.format('YYYY-MM-DD HH:mm')) : null;
      const r = await call(api.POST('/api/v1/review-rounds', { body: { challengeId: v.challengeId!, name: v.name!.trim(), deadline: deadline!, expertsPerItem: v.expertsPerItem ?? 3, blind: v.blind ?? 'double' } }));
      void message.success(t('reviewUi.create.done'));
      onClose();
      void navigate(`/reviews/${r.id}`);
    } catch (err) {
      const fe = fieldErrors(err, lang);
      if (fe.some((e) => e.path === 'deadline')) form.setFields([{ name: 'deadline', errors: fe.filter((e) => e.path === 'deadline').map((e) => e.text) }]);
      else void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('reviewUi.create.title')} onCancel={onClose} onOk={() => void submit()} okText={t('reviewUi.create.submit')} confirmLoading={busy} destroyOnHidden data-testid="create-round-modal">
      {challenges.length === 0 ? <Typography.Paragraph type="secondary">{t('reviewUi.create.noChallenge')}</Typography.Paragraph> : null}
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ expertsPerItem: 3, blind: 'double' }}>
        <Form.Item name="challengeId" label={t('reviewUi.create.challenge')} rules={[{ required: true, message: t('reviewUi.create.challengeRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={challenges.map((c) => ({ value: c.id, label: c.label }))}
            onChange={(id: string) => {
              if (!form.getFieldValue('name')) form.setFieldValue('name', t('reviewUi.create.defaultName', { title: challenges.find((c) => c.id === id)?.title ?? '' }));
            }}
            data-testid="create-round-challenge"
          />
        </Form.Item>
        <Form.Item name="name" label={t('reviewUi.settings.name')} rules={[{ required: true, whitespace: true, message: t('reviewUi.settings.nameRequired') }]}>
          <Input maxLength={200} data-testid="create-round-name" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('reviewUi.settings.deadline')}
          extra={t('reviewUi.settings.beijingTime')}
          rules={[{ required: true, message: t('reviewUi.settings.deadlineRequired') }, { validator: (_r, v: Dayjs | null) => (v && v.valueOf() <= Date.now() ? Promise.reject(new Error(t('reviewUi.settings.deadlineFuture'))) : Promise.resolve()) }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="create-round-deadline" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="expertsPerItem" label={t('reviewUi.settings.k')} rules={[{ required: true }]}>
            <InputNumber min={1} max={50} precision={0} />
          </Form.Item>
          <Form.Item name="blind" label={t('reviewUi.settings.blind')}>
            <Radio.Group options={(['double', 'single'] as const).map((b) => ({ value: b, label: t(`reviewUi.blind.${b}`) }))} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
