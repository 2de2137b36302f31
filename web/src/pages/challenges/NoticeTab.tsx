import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, List, Radio, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { formatDate, formatDateTime, formatDayEnd } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { formatWan, type Challenge, type NoticeEntry, type Objection } from './model.ts';

type Awardee = NoticeEntry['notice']['awardees'][number];

const NOTICE_COLORS = { open: 'processing', closed: 'success', revoked: 'error' } as const;

/** The public notice (公示): its period, the proposed awardees, objections and their answers, closing. */
export function NoticeTab({ challenge, onChanged }: { challenge: Challenge; onChanged: () => void }) {
  const { t } = useTranslation();
  const [tick, setTick] = useState(0);
  const notices = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/notices', { params: { path: { id: challenge.id } }, signal })), [challenge.id, challenge.updatedAt, tick]);
  if (notices.error) return <LoadError error={notices.error} onRetry={notices.reload} />;
  if (!notices.loading && (notices.data ?? []).length === 0) return <Empty description={t('challenges.notice.none')} />;
  return (
    <Flex vertical gap={16} data-testid="notices">
      {(notices.data ?? []).map((entry) => (
        <NoticeCard
          key={entry.notice.id}
          entry={entry}
          canAnswer={challenge.actions.includes('answer_objections')}
          canClose={challenge.actions.includes('close_notice')}
          onChanged={() => setTick((n) => n + 1)}
          onClosed={onChanged}
        />
      ))}
    </Flex>
  );
}

function NoticeCard({ entry, canAnswer, canClose, onChanged, onClosed }: { entry: NoticeEntry; canAnswer: boolean; canClose: boolean; onChanged: () => void; onClosed: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<unknown>(null);
  const n = entry.notice;

  const close = async () => {
    setClosing(true);
    setCloseError(null);
    try {
      const r = await call(api.POST('/api/v1/notices/{id}/close', { params: { path: { id: n.id } } }));
      void message.success(r.contracts.length ? t('challenges.notice.closedWithContracts', { count: r.contracts.length }) : t('challenges.notice.closed'));
      onClosed();
    } catch (err) {
      setCloseError(err);
    } finally {
      setClosing(false);
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('challenges.notice.title', { date: formatDate(n.publishedAt, lang) })}
      extra={
        <Flex gap={8} align="center">
          <Tag color={NOTICE_COLORS[n.status]}>{t(`challenges.notice.status.${n.status}`)}</Tag>
          {n.status === 'open' ? <Tag color={n.period === 'running' ? 'blue' : 'default'}>{t(`challenges.notice.period.${n.period}`)}</Tag> : null}
        </Flex>
      }
      data-testid={`notice-${n.id}`}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('challenges.notice.periodLabel')}>{t('challenges.notice.periodValue', { from: n.startsOn, to: n.endsOn, days: n.workingDays })}</Descriptions.Item>
        <Descriptions.Item label={t('challenges.notice.endsAt')}>{t('challenges.beijingTime', { time: formatDayEnd(n.endsAt, lang) })}</Descriptions.Item>
        <Descriptions.Item label={t('challenges.notice.objections')}>{t('challenges.notice.objectionCounts', { total: n.objectionCount, open: n.openObjectionCount })}</Descriptions.Item>
        {n.closedAt ? <Descriptions.Item label={t('challenges.notice.closedAt')}>{formatDateTime(n.closedAt, lang)}</Descriptions.Item> : null}
        {n.reason ? (
          <Descriptions.Item label={t('challenges.reason')} span="filled">
            {n.reason}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={5}>{t('challenges.notice.awardees')}</Typography.Title>
      <Table<Awardee>
        rowKey="applicationId"
        size="small"
        pagination={false}
        dataSource={n.awardees}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'code', title: t('challenges.applications.colCode'), render: (_v, a) => <span className="kc-mono">{a.code}</span> },
          { key: 'title', title: t('challenges.review.proposal'), dataIndex: 'title' },
          { key: 'org', title: t('challenges.applications.colOrg'), render: (_v, a) => (lang === 'en' && a.organizationNameEn ? a.organizationNameEn : a.organizationName) },
          { key: 'budget', title: t('challenges.applications.colBudget'), align: 'right', render: (_v, a) => t('challenges.wan', { value: formatWan(a.budgetTotalFen) }) },
          { key: 'score', title: t('challenges.applications.colScore'), align: 'right', render: (_v, a) => (a.score === null ? t('common.empty') : a.score.toFixed(2)) },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Typography.Title level={5}>{t('challenges.notice.objections')}</Typography.Title>
      {entry.objections.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('challenges.notice.noObjections')}</Typography.Paragraph>
      ) : (
        <List<Objection>
          dataSource={entry.objections}
          renderItem={(o) => (
            <List.Item key={o.id} data-testid={`objection-${o.id}`}>
              <ObjectionItem objection={o} canAnswer={canAnswer && n.status === 'open'} onAnswered={onChanged} />
            </List.Item>
          )}
          style={{ marginBottom: 16 }}
        />
      )}
      {closeError ? <Alert type="error" showIcon title={t('challenges.notice.cannotClose')} description={errorText(closeError)} style={{ marginBottom: 12 }} data-testid="close-notice-error" /> : null}
      {canClose && n.status === 'open' ? (
        <Flex gap={8} align="center" wrap>
          <Button type="primary" onClick={() => void close()} loading={closing} data-testid="close-notice">
            {t('challenges.notice.close')}
          </Button>
          <Typography.Text type="secondary">{t('challenges.notice.closeHint')}</Typography.Text>
        </Flex>
      ) : null}
    </Card>
  );
}

function ObjectionItem({ objection: o, canAnswer, onAnswered }: { objection: Objection; canAnswer: boolean; onAnswered: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: 'dismissed' | 'upheld'; answer: string }>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const finish = async (v: { outcome: 'dismissed' | 'upheld'; answer: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/objections/{id}/answer', { params: { path: { id: o.id } }, body: { outcome: v.outcome, answer: v.answer.trim() } }));
      void message.success(t('challenges.notice.answered'));
      onAnswered();
    } catch (err) {
      if (!applyFieldErrors(form, err, ['outcome', 'answer'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={6} style={{ width: '100%' }}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>{o.name}</Typography.Text>
        {o.organization ? <Typography.Text type="secondary">{o.organization}</Typography.Text> : null}
        <Typography.Text type="secondary">{[o.phone, o.email].filter(Boolean).join(' · ')}</Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(o.createdAt, lang)}</Typography.Text>
        {o.status === 'open' ? <Tag color="warning">{t('challenges.notice.objectionOpen')}</Tag> : <Tag color={o.outcome === 'upheld' ? 'error' : 'default'}>{t(`challenges.notice.outcomes.${o.outcome ?? 'dismissed'}`)}</Tag>}
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.content}</Typography.Paragraph>
      {o.answer ? (
        <Alert type={o.outcome === 'upheld' ? 'warning' : 'info'} title={t('challenges.notice.answerLabel', { time: formatDateTime(o.answeredAt, lang) })} description={o.answer} />
      ) : null}
      {o.status === 'open' && canAnswer ? (
        <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy} initialValues={{ outcome: 'dismissed' }} style={{ background: 'rgba(0,0,0,0.02)', padding: 12, borderRadius: 8 }}>
          {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 8 }} /> : null}
          <Form.Item name="outcome" label={t('challenges.notice.outcome')} extra={t('challenges.notice.upheldHint')}>
            <Radio.Group
              options={[
                { value: 'dismissed', label: t('challenges.notice.outcomes.dismissed') },
                { value: 'upheld', label: t('challenges.notice.outcomes.upheld') },
              ]}
            />
          </Form.Item>
          <Form.Item name="answer" label={t('challenges.notice.answer')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 5000, message: t('challenges.reasonTooLong') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('challenges.notice.sendAnswer')}
          </Button>
        </Form>
      ) : null}
    </Flex>
  );
}
