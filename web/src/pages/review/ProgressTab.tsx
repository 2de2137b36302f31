import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Modal, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/schema';
import { api, ApiError, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

type ProgressView = paths['/api/v1/review-rounds/{id}/progress']['get']['responses'][200]['content']['application/json'];
type SheetRow = ProgressView['sheetList'][number];

/** Scoring progress of a round for officers: overall, per expert, per item, with return and close. */
export default function ProgressTab({ roundId, status, onChanged }: { roundId: string; status: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const data = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/progress', { params: { path: { id: roundId } }, signal })), [roundId, status]);
  const [returning, setReturning] = useState<SheetRow | null>(null);
  const [forcing, setForcing] = useState(false);
  const p = data.data;
  const experts = new Map((p?.experts ?? []).map((e) => [e.expertId, e.name]));
  const items = new Map((p?.items ?? []).map((i) => [i.itemId, i]));

  const close = async (force: boolean, reason?: string) => {
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/close', { params: { path: { id: roundId } }, body: force ? { force, reason: reason ?? null } : {} }));
      void message.success(t('scoringUi.progress.closed'));
      setForcing(false);
      onChanged();
      data.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SHEETS_MISSING') setForcing(true);
      else void message.error(errorText(err));
      if (force) throw err;
    }
  };
  const confirmClose = () => {
    modal.confirm({ title: t('scoringUi.progress.closeTitle'), content: t('scoringUi.progress.closeBody'), okText: t('common.confirm'), cancelText: t('common.cancel'), onOk: () => close(false) });
  };

  if (data.error) return <LoadError error={data.error} onRetry={data.reload} />;
  if (!p) return <Card loading variant="borderless" />;
  if (p.sheets === 0) return <Empty description={t('scoringUi.progress.empty')} />;
  return (
    <Flex vertical gap={16} data-testid="review-progress">
      <Card variant="borderless">
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} md={8}>
            <Flex vertical align="center">
              <Progress type="circle" percent={p.percent} status={p.overdue ? 'exception' : p.percent === 100 ? 'success' : 'active'} />
              <Typography.Text style={{ marginTop: 8 }} data-testid="progress-count">
                {t('scoringUi.progress.submittedOf', { submitted: p.submitted, sheets: p.sheets })}
              </Typography.Text>
            </Flex>
          </Col>
          <Col xs={24} md={8}>
            <Statistic title={t('scoringUi.progress.deadline')} value={formatDateTime(p.deadline, lang)} />
            {p.overdue ? <Tag color="red">{t('scoringUi.progress.overdue')}</Tag> : null}
          </Col>
          <Col xs={24} md={8}>
            {p.actions.includes('close') ? (
              <Button danger icon={<StopOutlined />} onClick={confirmClose} data-testid="close-round">
                {t('scoringUi.progress.close')}
              </Button>
            ) : null}
          </Col>
        </Row>
      </Card>
      <Card variant="borderless" title={t('scoringUi.progress.experts')}>
        <Table
          rowKey="expertId"
          size="small"
          pagination={false}
          dataSource={p.experts}
          scroll={{ x: 'max-content' }}
          data-testid="progress-experts"
          columns={[
            { key: 'name', title: t('scoringUi.progress.expert'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
            { key: 'org', title: t('scoringUi.progress.organization'), render: (_v, e) => e.organizationName ?? t('common.empty') },
            { key: 'assigned', title: t('scoringUi.progress.assigned'), dataIndex: 'assigned', align: 'right' },
            { key: 'notStarted', title: t('scoringUi.progress.notStarted'), dataIndex: 'notStarted', align: 'right', sorter: (a, b) => a.notStarted - b.notStarted },
            { key: 'inProgress', title: t('scoringUi.progress.inProgress'), dataIndex: 'inProgress', align: 'right' },
            { key: 'submitted', title: t('scoringUi.progress.submitted'), align: 'right', sorter: (a, b) => a.submitted / a.assigned - b.submitted / b.assigned, render: (_v, e) => <Progress percent={Math.floor((e.submitted * 100) / Math.max(1, e.assigned))} size="small" format={() => `${e.submitted}/${e.assigned}`} style={{ width: 140 }} /> },
            { key: 'saved', title: t('scoringUi.progress.lastSaved'), render: (_v, e) => formatDateTime(e.lastSavedAt, lang) || t('common.empty') },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('scoringUi.progress.items')}>
        <Table
          rowKey="itemId"
          size="small"
          pagination={false}
          dataSource={p.items}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'code', title: t('scoringUi.results.code'), render: (_v, i) => <span className="kc-mono">{i.code}</span> },
            { key: 'title', title: t('scoringUi.progress.item'), dataIndex: 'title' },
            { key: 'sheets', title: t('scoringUi.progress.sheets'), align: 'right', render: (_v, i) => <Tag color={i.submitted >= i.assigned && i.assigned > 0 ? 'green' : 'default'}>{`${i.submitted} / ${i.assigned}`}</Tag> },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('scoringUi.progress.sheetList')}>
        <Table<SheetRow>
          rowKey="id"
          size="small"
          dataSource={p.sheetList}
          pagination={p.sheetList.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'item', title: t('scoringUi.progress.item'), render: (_v, s) => <span className="kc-mono">{items.get(s.itemId)?.code}</span>, sorter: (a, b) => (items.get(a.itemId)?.code ?? '').localeCompare(items.get(b.itemId)?.code ?? '') },
            { key: 'expert', title: t('scoringUi.progress.expert'), render: (_v, s) => experts.get(s.expertId) ?? s.expertId },
            {
              key: 'status',
              title: t('scoringUi.my.status'),
              filters: [
                { text: t('scoringUi.status.submitted'), value: 'submitted' },
                { text: t('scoringUi.status.draft'), value: 'draft' },
              ],
              onFilter: (v, s) => s.status === v,
              render: (_v, s) => (s.status === 'submitted' ? <Tag color="green">{t('scoringUi.status.submitted')}</Tag> : s.started ? <Tag color="blue">{t('scoringUi.status.draft')}</Tag> : <Tag>{t('scoringUi.status.notStarted')}</Tag>),
            },
            { key: 'saved', title: t('scoringUi.progress.lastSaved'), render: (_v, s) => (s.started ? formatDateTime(s.submittedAt ?? s.savedAt, lang) : t('common.empty')) },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_v, s) =>
                p.actions.includes('return') && s.status === 'submitted' ? (
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => setReturning(s)}>
                    {t('scoringUi.progress.returnSheet')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <ReasonModal
        open={returning !== null}
        title={t('scoringUi.progress.returnTitle')}
        label={t('scoringUi.progress.returnReason')}
        onCancel={() => setReturning(null)}
        onOk={async (reason) => {
          await call(api.POST('/api/v1/review/sheets/{id}/return', { params: { path: { id: returning!.id } }, body: { reason } }));
          void message.success(t('scoringUi.progress.returned'));
          setReturning(null);
          data.reload();
        }}
      />
      <ReasonModal
        open={forcing}
        title={t('scoringUi.progress.forceTitle', { count: p.sheets - p.submitted })}
        intro={t('scoringUi.progress.forceBody')}
        label={t('scoringUi.progress.forceReason')}
        danger
        onCancel={() => setForcing(false)}
        onOk={(reason) => close(true, reason)}
      />
    </Flex>
  );
}

function ReasonModal({ open, title, intro, label, danger, onCancel, onOk }: { open: boolean; title: string; intro?: string; label: string; danger?: boolean; onCancel: () => void; onOk: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const finish = async (v: { reason: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await onOk(v.reason.trim());
      form.resetFields();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} onCancel={onCancel} onOk={() => form.submit()} okButtonProps={{ loading: busy, danger }} destroyOnHidden>
      {intro ? <Typography.Paragraph>{intro}</Typography.Paragraph> : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)}>
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: t('scoringUi.progress.returnReasonRequired') }, { max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
