import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Progress, Radio, Select, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { beijingToIso, exportHref, formatWan, type ApplicationSummary, type Challenge, type Defence, type RankingRow } from './model.ts';

/**
 * The review stage: defence sessions, the expert review rounds (scores come from a round's adoption, not by
 * hand), the adopted scores' ranking and the decision.
 */
export function ReviewTab({ challenge, onChanged }: { challenge: Challenge; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = challenge.id;
  const [tick, setTick] = useState(0);
  const refresh = () => setTick((n) => n + 1);
  const apps = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/applications', { params: { path: { id } }, signal })), [id, tick, challenge.updatedAt]);
  const ranking = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/ranking', { params: { path: { id } }, signal })), [id, tick, challenge.updatedAt]);
  const defences = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/defences', { params: { path: { id } }, signal })), [id, tick]);
  const [defenceOpen, setDefenceOpen] = useState(false);
  const accepted = (apps.data ?? []).filter((a) => a.status === 'accepted');
  const appCode = new Map((apps.data ?? []).map((a) => [a.id, `${a.code} ${a.organizationName}`]));
  const inReview = challenge.stage === 'review';

  return (
    <Flex vertical gap={16}>
      {!inReview && !challenge.decision ? (
        <Alert
          type="info"
          showIcon
          title={challenge.actions.includes('open_review') ? t('challenges.review.readyToOpen') : t('challenges.review.notYet')}
        />
      ) : null}
      {challenge.decision ? <DecisionSummary challenge={challenge} appCode={appCode} /> : null}

      <Card
        variant="borderless"
        title={t('challenges.review.defences')}
        extra={
          challenge.actions.includes('record_defence') ? (
            <Button icon={<PlusOutlined />} onClick={() => setDefenceOpen(true)} data-testid="record-defence">
              {t('challenges.review.recordDefence')}
            </Button>
          ) : null
        }
      >
        {defences.error ? <LoadError error={defences.error} onRetry={defences.reload} /> : null}
        <Table<Defence>
          rowKey="id"
          size="small"
          pagination={false}
          loading={defences.loading}
          dataSource={defences.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.review.noDefences')} /> }}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'heldAt', title: t('challenges.review.heldAt'), render: (_v, d) => formatDateTime(d.heldAt, lang) },
            { key: 'location', title: t('challenges.review.location'), dataIndex: 'location' },
            { key: 'panel', title: t('challenges.review.panel'), render: (_v, d) => d.panel.join('、') || t('common.empty') },
            { key: 'apps', title: t('challenges.review.defenceApplications'), render: (_v, d) => d.applicationIds.map((a) => appCode.get(a) ?? a).join('；') },
            { key: 'notes', title: t('challenges.review.notes'), render: (_v, d) => d.notes || t('common.empty') },
          ]}
        />
      </Card>

      <ReviewRounds challengeId={id} inReview={inReview} />

      <Card
        variant="borderless"
        title={t('scoringUi.challenge.adoptedScores')}
        extra={<ExportButton href={(format) => exportHref(`/api/v1/challenges/${id}/ranking/export`, format)} hint={t('challenges.review.rankingExportHint')} testId="ranking-export" />}
      >
        {ranking.error ? <LoadError error={ranking.error} onRetry={ranking.reload} /> : null}
        <RankingTable rows={ranking.data ?? []} loading={ranking.loading} />
      </Card>

      {challenge.actions.includes('decide') ? <DecisionForm challenge={challenge} ranking={ranking.data ?? []} onDecided={onChanged} /> : null}

      <DefenceModal open={defenceOpen} challengeId={id} accepted={accepted} onClose={() => setDefenceOpen(false)} onSaved={() => { setDefenceOpen(false); refresh(); }} />
    </Flex>
  );
}

type RoundList = Awaited<ReturnType<typeof loadRounds>>;
const loadRounds = (challengeId: string, signal: AbortSignal) => call(api.GET('/api/v1/review-rounds', { params: { query: { challengeId } }, signal }));

/** The challenge's review rounds with their status and scoring progress, each linking to its page. */
function ReviewRounds({ challengeId, inReview }: { challengeId: string; inReview: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rounds = useApiData((signal) => loadRounds(challengeId, signal), [challengeId]);
  const color = { draft: 'default', open: 'blue', closed: 'orange', adopted: 'green', cancelled: 'default' } as const;
  return (
    <Card
      variant="borderless"
      title={t('scoringUi.challenge.rounds')}
      extra={
        inReview ? (
          <Link to={`/reviews?challengeId=${challengeId}`} data-testid="challenge-new-review-round">
            <PlusOutlined /> {t('scoringUi.challenge.newRound')}
          </Link>
        ) : null
      }
      data-testid="review-rounds"
    >
      <Typography.Paragraph type="secondary">{t('scoringUi.challenge.roundsHint')}</Typography.Paragraph>
      {rounds.error ? <LoadError error={rounds.error} onRetry={rounds.reload} /> : null}
      <Table<RoundList['items'][number]>
        rowKey="id"
        size="small"
        pagination={false}
        loading={rounds.loading}
        dataSource={rounds.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scoringUi.challenge.noRounds')} /> }}
        columns={[
          { key: 'name', title: t('scoringUi.challenge.name'), render: (_v, r) => <Link to={`/reviews/${r.id}`}>{r.name}</Link> },
          { key: 'status', title: t('scoringUi.challenge.status'), render: (_v, r) => <Tag color={color[r.status]}>{t(`scoringUi.challenge.statusLabel.${r.status}`)}</Tag> },
          {
            key: 'progress',
            title: t('scoringUi.challenge.progress'),
            render: (_v, r) => (r.counts.assignments ? <Progress size="small" style={{ width: 160 }} percent={Math.floor((r.counts.sheetsSubmitted * 100) / r.counts.assignments)} format={() => `${r.counts.sheetsSubmitted}/${r.counts.assignments}`} /> : t('common.empty')),
          },
          { key: 'deadline', title: t('scoringUi.challenge.deadline'), render: (_v, r) => formatDateTime(r.deadline, lang) },
          { key: 'open', title: t('common.actions'), render: (_v, r) => <Link to={`/reviews/${r.id}`} data-testid={`open-round-${r.id}`}>{t('scoringUi.challenge.open')}</Link> },
        ]}
      />
    </Card>
  );
}

function RankingTable({ rows, loading }: { rows: RankingRow[]; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<RankingRow>
      rowKey="applicationId"
      size="small"
      pagination={false}
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.review.noRanking')} /> }}
      columns={[
        {
          key: 'rank',
          title: t('challenges.review.rank'),
          width: 90,
          render: (_v, r) =>
            r.rank === null ? (
              t('challenges.review.unscored')
            ) : (
              <Flex gap={4} align="center">
                <Typography.Text strong>{r.rank}</Typography.Text>
                {r.tied ? <Tag color="orange">{t('challenges.review.tied')}</Tag> : null}
              </Flex>
            ),
        },
        { key: 'code', title: t('challenges.applications.colCode'), render: (_v, r) => <span className="kc-mono">{r.code}</span> },
        { key: 'title', title: t('challenges.review.proposal'), dataIndex: 'title' },
        { key: 'org', title: t('challenges.applications.colOrg'), dataIndex: 'organizationName' },
        { key: 'budget', title: t('challenges.applications.colBudget'), align: 'right', render: (_v, r) => t('challenges.wan', { value: formatWan(r.budgetTotalFen) }) },
        { key: 'score', title: t('challenges.applications.colScore'), align: 'right', render: (_v, r) => (r.score === null ? t('common.empty') : r.score.toFixed(2)) },
        { key: 'comment', title: t('challenges.review.comment'), render: (_v, r) => r.scoreComment || t('common.empty') },
      ]}
      data-testid="ranking"
    />
  );
}

interface DefenceForm {
  heldAt?: Dayjs | null;
  location: string;
  panel: string[];
  applicationIds: string[];
  notes?: string;
}

function DefenceModal({ open, challengeId, accepted, onClose, onSaved }: { open: boolean; challengeId: string; accepted: ApplicationSummary[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DefenceForm>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const finish = async (v: DefenceForm) => {
    const heldAt = v.heldAt ? beijingToIso(v.heldAt.format('YYYY-MM-DD HH:mm')) : null;
    if (!heldAt) return;
    setBusy(true);
    setFailure(null);
    try {
      await call(
        api.POST('/api/v1/challenges/{id}/defences', {
          params: { path: { id: challengeId } },
          body: { heldAt, location: v.location.trim(), panel: (v.panel ?? []).map((p) => p.trim()).filter(Boolean), applicationIds: v.applicationIds ?? [], ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}) },
        }),
      );
      form.resetFields();
      onSaved();
    } catch (err) {
      if (!applyFieldErrors(form, err, ['heldAt', 'location', 'panel', 'applicationIds', 'notes'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('challenges.review.recordDefence')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy }} destroyOnHidden width={600}>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form<DefenceForm> form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy} initialValues={{ panel: [], applicationIds: accepted.map((a) => a.id) }}>
        <Form.Item name="heldAt" label={t('challenges.review.heldAtBeijing')} rules={[{ required: true, message: t('validation.requiredSelect') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="location" label={t('challenges.review.location')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('challenges.editor.tooLong', { max: 200 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="panel" label={t('challenges.review.panel')} extra={t('challenges.review.panelHint')}>
          <Select<string[]> mode="tags" open={false} tokenSeparators={[',', '，', '、']} maxCount={50} />
        </Form.Item>
        <Form.Item name="applicationIds" label={t('challenges.review.defenceApplications')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.requiredSelect') }]}>
          <Select<string[]> mode="multiple" options={accepted.map((a) => ({ value: a.id, label: `${a.code} · ${a.organizationName}` }))} />
        </Form.Item>
        <Form.Item name="notes" label={<OptionalLabel label={t('challenges.review.notes')} />}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DecisionValues {
  kind: 'award' | 'no_award';
  applicationIds: string[];
  reason?: string;
  noticeWorkingDays: number;
}

function DecisionForm({ challenge, ranking, onDecided }: { challenge: Challenge; ranking: RankingRow[]; onDecided: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form) ?? 'award';
  const max = challenge.terms.maxAwards;
  const scored = ranking.filter((r) => r.score !== null);

  const send = async (v: DecisionValues) => {
    setBusy(true);
    setFailure(null);
    try {
      await call(
        api.POST('/api/v1/challenges/{id}/decision', {
          params: { path: { id: challenge.id } },
          body: v.kind === 'award' ? { kind: 'award', applicationIds: v.applicationIds ?? [], reason: (v.reason ?? '').trim(), noticeWorkingDays: v.noticeWorkingDays } : { kind: 'no_award', applicationIds: [], reason: (v.reason ?? '').trim() },
        }),
      );
      void message.success(v.kind === 'award' ? t('challenges.review.noticePublished') : t('challenges.review.noAwardRecorded'));
      onDecided();
    } catch (err) {
      if (!applyFieldErrors(form, err, ['applicationIds', 'reason', 'noticeWorkingDays'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const finish = (v: DecisionValues) => {
    modal.confirm({
      title: v.kind === 'award' ? t('challenges.review.confirmAward', { count: v.applicationIds.length }) : t('challenges.review.confirmNoAward'),
      content: t('challenges.review.confirmIrreversible'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => send(v),
    });
  };

  return (
    <Card variant="borderless" title={t('challenges.review.decision')} data-testid="decision-form">
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form<DecisionValues> form={form} layout="vertical" onFinish={finish} disabled={busy} initialValues={{ kind: 'award', applicationIds: [], noticeWorkingDays: 5 }}>
        <Form.Item name="kind" label={t('challenges.review.decisionKind')}>
          <Radio.Group
            options={[
              { value: 'award', label: max > 1 ? t('challenges.review.awardRace', { count: max }) : t('challenges.review.award') },
              { value: 'no_award', label: t('challenges.review.noAward') },
            ]}
          />
        </Form.Item>
        {kind === 'award' ? (
          <>
            {scored.length === 0 ? (
              <Alert type="warning" showIcon title={t('challenges.review.noScored')} style={{ marginBottom: 16 }} />
            ) : (
              <Form.Item
                name="applicationIds"
                label={t('challenges.review.chooseAwardees', { count: max })}
                rules={[
                  { required: true, type: 'array', min: 1, message: t('challenges.review.chooseAtLeastOne') },
                  { type: 'array', max, message: t('challenges.review.atMost', { count: max }) },
                ]}
              >
                <Checkbox.Group style={{ width: '100%' }}>
                  <Flex vertical gap={6}>
                    {scored.map((r) => (
                      <Checkbox key={r.applicationId} value={r.applicationId}>
                        {t('challenges.review.rankLabel', { rank: r.rank })} · <span className="kc-mono">{r.code}</span> · {r.organizationName} · {r.score?.toFixed(2)}
                        {r.tied ? <Tag color="orange" style={{ marginInlineStart: 6 }}>{t('challenges.review.tied')}</Tag> : null}
                      </Checkbox>
                    ))}
                  </Flex>
                </Checkbox.Group>
              </Form.Item>
            )}
            <Form.Item name="noticeWorkingDays" label={t('challenges.review.noticeDays')} extra={t('challenges.review.noticeDaysHint')} rules={[{ required: true, type: 'integer', min: 5, max: 15, message: t('challenges.review.noticeDaysRange') }]}>
              <InputNumber min={5} max={15} precision={0} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="reason" label={<OptionalLabel label={t('challenges.review.awardReason')} />} rules={[{ max: 5000, message: t('challenges.reasonTooLong') }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t('challenges.review.noAwardReason')} rules={[{ required: true, whitespace: true, message: t('challenges.reasonRequired') }, { max: 5000, message: t('challenges.reasonTooLong') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="decide">
          {kind === 'award' ? t('challenges.review.publishNotice') : t('challenges.review.recordNoAward')}
        </Button>
      </Form>
    </Card>
  );
}

function DecisionSummary({ challenge, appCode }: { challenge: Challenge; appCode: Map<string, string> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const d = challenge.decision!;
  return (
    <Card variant="borderless" title={t('challenges.review.decisionTaken')}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('challenges.review.decisionKind')}>{d.kind === 'award' ? t('challenges.review.award') : t('challenges.review.noAward')}</Descriptions.Item>
        <Descriptions.Item label={t('challenges.review.decidedAt')}>
          {formatDateTime(d.decidedAt, lang)} · {d.decidedBy}
        </Descriptions.Item>
        {d.kind === 'award' ? <Descriptions.Item label={t('challenges.review.awardees')} span="filled">{d.applicationIds.map((a) => appCode.get(a) ?? a).join('；')}</Descriptions.Item> : null}
        <Descriptions.Item label={t('challenges.reason')} span="filled">
          {d.reason || t('common.empty')}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
