import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText, useNotifyError } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ReasonModal } from '../challenges/ReasonModal.tsx';
import { STATUS_COLORS, type Conflict } from './model.ts';

const EVIDENCE_KEYS = ['organizationName', 'fromDate', 'toDate', 'member', 'publication', 'year', 'declaration', 'note'] as const;

function Evidence({ c }: { c: Conflict }) {
  const { t } = useTranslation();
  const lang = useLang();
  const parts = EVIDENCE_KEYS.flatMap((k) => {
    const v = c.evidence[k];
    if (v === null || v === undefined || v === '') return [];
    const text = k === 'declaration' && typeof v === 'string' ? t(`expertsUi.declKinds.${v as 'other'}`, { defaultValue: v }) : typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
    return [`${t(`expertsUi.evidence.${k}`)}${lang === 'en' ? ': ' : '：'}${text}`];
  });
  return parts.length ? (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', minWidth: 160 }}>
      {parts.join(lang === 'en' ? '; ' : '；')}
    </Typography.Text>
  ) : (
    <>{t('common.empty')}</>
  );
}

/**
 * An expert's conflicts of interest (回避). Staff pick a challenge (by default those in review) and see
 * what the rules find plus what is recorded; an officer records findings, adds conflicts and rules on
 * disputes. Without a challenge — and always for the expert themselves — the recorded conflicts.
 */
export function ConflictsTab({ expertId, staff, manager, self }: { expertId: string; staff: boolean; manager: boolean; self: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [reviewOnly, setReviewOnly] = useState(true);
  const [challengeId, setChallengeId] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [disputing, setDisputing] = useState<Conflict | null>(null);
  const [resolving, setResolving] = useState<Conflict | null>(null);
  const [adding, setAdding] = useState(false);

  const challenges = useApiData(
    (signal) => (staff ? call(api.GET('/api/v1/challenges', { params: { query: { stage: reviewOnly ? 'review' : undefined, pageSize: 100, sort: '-created' } }, signal })) : Promise.resolve(null)),
    [staff, reviewOnly],
  );
  const applications = useApiData(
    (signal) => (staff && challengeId ? call(api.GET('/api/v1/applications', { params: { query: { challengeId, pageSize: 200 } }, signal })) : Promise.resolve(null)),
    [staff, challengeId],
  );
  const conflicts = useApiData(
    (signal) => call(api.GET('/api/v1/experts/{id}/conflicts', { params: { path: { id: expertId }, query: { challengeId } }, signal })),
    [expertId, challengeId],
  );
  const appLabel = useMemo(() => {
    const m = new Map((applications.data?.items ?? []).map((a) => [a.id, `${a.code} · ${a.organizationName}`]));
    return (id: string) => m.get(id) ?? id.slice(0, 8);
  }, [applications.data]);

  const unrecorded = (conflicts.data?.items ?? []).filter((c) => !c.recorded).length;
  const record = async () => {
    if (!challengeId) return;
    setBusy(true);
    try {
      const r = await call(api.POST('/api/v1/experts/{id}/conflicts/record', { params: { path: { id: expertId } }, body: { challengeId } }));
      void message.success(t('expertsUi.conflicts.recordedCount', { count: r.items.filter((c) => c.recorded).length }));
      conflicts.reload();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableProps<Conflict>['columns'] = [
    ...(staff ? [{ key: 'application', title: t('expertsUi.conflicts.colApplication'), render: (_v: unknown, c: Conflict) => <span style={{ whiteSpace: 'nowrap' }}>{appLabel(c.applicationId)}</span> }] : []),
    { key: 'kind', title: t('expertsUi.conflicts.colKind'), render: (_v, c) => <Tag>{t(`expertsUi.kinds.${c.kind}`)}</Tag> },
    {
      key: 'reason',
      title: t('expertsUi.conflicts.colReason'),
      render: (_v, c) => (
        <Flex vertical style={{ minWidth: 260, maxWidth: 480 }}>
          <span>{lang === 'en' ? c.reason.en : c.reason.zh}</span>
          {c.disputeReason ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('expertsUi.conflicts.disputeReason', { reason: c.disputeReason })}</Typography.Text> : null}
          {c.resolutionReason ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('expertsUi.conflicts.resolutionReason', { reason: c.resolutionReason })}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'evidence', title: t('expertsUi.conflicts.colEvidence'), render: (_v, c) => <Evidence c={c} /> },
    {
      key: 'status',
      title: t('expertsUi.conflicts.colStatus'),
      render: (_v, c) => (
        <Space size={4} wrap>
          {c.recorded ? <Tag color={STATUS_COLORS[c.status]}>{t(`expertsUi.statuses.${c.status}`)}</Tag> : <Tag>{t('expertsUi.conflicts.notRecorded')}</Tag>}
          <Tag color={c.binding ? 'red' : 'default'}>{c.binding ? t('expertsUi.conflicts.binding') : t('expertsUi.conflicts.notBinding')}</Tag>
        </Space>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, c) => (
        <Space size={4}>
          {c.id && c.status === 'active' && (manager || self) ? (
            <Button size="small" onClick={() => setDisputing(c)} data-testid="conflict-dispute">
              {t('expertsUi.conflicts.dispute')}
            </Button>
          ) : null}
          {c.id && manager && (c.status === 'active' || c.status === 'disputed') ? (
            <Button size="small" onClick={() => setResolving(c)} data-testid="conflict-resolve">
              {t('expertsUi.conflicts.resolve')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Card variant="borderless">
      {staff ? (
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={challengeId}
            onChange={(v) => setChallengeId(v)}
            placeholder={t('expertsUi.conflicts.challengePlaceholder')}
            options={(challenges.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${lang === 'en' && c.terms.titleEn ? c.terms.titleEn : c.terms.title}` }))}
            style={{ width: 420, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            data-testid="conflicts-challenge"
          />
          <Space size={6}>
            <Switch size="small" checked={reviewOnly} onChange={setReviewOnly} />
            <Typography.Text type="secondary">{t('expertsUi.conflicts.reviewOnly')}</Typography.Text>
          </Space>
          {manager && challengeId ? (
            <>
              <Button icon={<SaveOutlined />} disabled={unrecorded === 0} loading={busy} onClick={() => void record()} data-testid="conflicts-record">
                {t('expertsUi.conflicts.record', { count: unrecorded })}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="conflicts-add">
                {t('expertsUi.conflicts.add')}
              </Button>
            </>
          ) : null}
        </Flex>
      ) : null}
      <Typography.Paragraph type="secondary">{challengeId ? t('expertsUi.conflicts.introChallenge') : t('expertsUi.conflicts.introRecorded')}</Typography.Paragraph>
      {conflicts.error ? <LoadError error={conflicts.error} onRetry={conflicts.reload} /> : null}
      <Table<Conflict>
        rowKey={(c) => c.id ?? `${c.applicationId}:${c.key}`}
        columns={columns}
        dataSource={conflicts.data?.items ?? []}
        loading={conflicts.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={challengeId ? t('expertsUi.conflicts.none') : t('expertsUi.conflicts.noneRecorded')} /> }}
        data-testid="conflicts-table"
      />
      <ReasonModal
        open={disputing !== null}
        title={t('expertsUi.conflicts.disputeTitle')}
        description={disputing ? (lang === 'en' ? disputing.reason.en : disputing.reason.zh) : undefined}
        okText={t('expertsUi.conflicts.dispute')}
        onClose={() => setDisputing(null)}
        onSubmit={async (reason) => {
          await call(api.POST('/api/v1/conflicts/{id}/dispute', { params: { path: { id: disputing!.id! } }, body: { reason } }));
          setDisputing(null);
          void message.success(t('expertsUi.conflicts.disputed'));
          conflicts.reload();
        }}
      />
      <ResolveModal
        conflict={resolving}
        onClose={() => setResolving(null)}
        onDone={() => {
          setResolving(null);
          void message.success(t('expertsUi.conflicts.resolved'));
          conflicts.reload();
        }}
      />
      <AddConflictModal
        open={adding}
        expertId={expertId}
        applications={(applications.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.code} · ${a.organizationName} · ${a.status}` }))}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          void message.success(t('expertsUi.conflicts.added'));
          conflicts.reload();
        }}
      />
    </Card>
  );
}

function ResolveModal({ conflict, onClose, onDone }: { conflict: Conflict | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'overturned'; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const finish = async (v: { outcome: 'upheld' | 'overturned'; reason: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/conflicts/{id}/resolve', { params: { path: { id: conflict!.id! } }, body: { outcome: v.outcome, reason: v.reason.trim() } }));
      form.resetFields();
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={conflict !== null} title={t('expertsUi.conflicts.resolveTitle')} okText={t('expertsUi.conflicts.resolve')} okButtonProps={{ loading: busy, 'data-testid': 'resolve-ok' }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {conflict ? <Typography.Paragraph type="secondary">{lang === 'en' ? conflict.reason.en : conflict.reason.zh}</Typography.Paragraph> : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy} initialValues={{ outcome: 'upheld' }}>
        <Form.Item name="outcome" label={t('expertsUi.conflicts.outcome')}>
          <Radio.Group
            options={[
              { value: 'upheld', label: t('expertsUi.statuses.upheld') },
              { value: 'overturned', label: t('expertsUi.statuses.overturned') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('expertsUi.conflicts.resolveReason')} rules={[{ required: true, whitespace: true, message: t('expertsUi.conflicts.reasonRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="resolve-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddConflictModal({ open, expertId, applications, onClose, onDone }: { open: boolean; expertId: string; applications: { value: string; label: string }[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ applicationId: string; reasonZh: string; reasonEn: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const finish = async (v: { applicationId: string; reasonZh: string; reasonEn: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/conflicts', { body: { expertId, applicationId: v.applicationId, reasonZh: v.reasonZh.trim(), reasonEn: v.reasonEn.trim() } }));
      form.resetFields();
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const required = { required: true, whitespace: true, message: t('expertsUi.conflicts.reasonRequired') };
  return (
    <Modal open={open} title={t('expertsUi.conflicts.addTitle')} okText={t('expertsUi.conflicts.add')} okButtonProps={{ loading: busy, 'data-testid': 'add-conflict-ok' }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy}>
        <Form.Item name="applicationId" label={t('expertsUi.conflicts.application')} rules={[{ required: true, message: t('expertsUi.conflicts.applicationRequired') }]}>
          <Select options={applications} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="reasonZh" label={t('expertsUi.conflicts.reasonZh')} rules={[required, { max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="reasonEn" label={t('expertsUi.conflicts.reasonEn')} rules={[required, { max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
