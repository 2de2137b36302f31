import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { AuditOutlined, EditOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { changedSections, formatWan, localizeFieldErrors, type Application, type ApplicationVersion } from './model.ts';
import { ContentView } from './ContentView.tsx';
import { ApplicationStatusTag, DeadlineWithCountdown, NextStepText } from './parts.tsx';

type CheckDecision = 'accept' | 'reject' | 'return';
interface CheckValues {
  decision: CheckDecision;
  reason: string;
  correctionDays: number;
}

function CheckModal({ app, open, onClose, onDone }: { app: Application; open: boolean; onClose: () => void; onDone: (a: Application) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<CheckValues>();
  const decision = Form.useWatch('decision', form);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const finish = async (v: CheckValues) => {
    setBusy(true);
    setFailure(null);
    try {
      const body = v.decision === 'accept' ? { decision: v.decision } : v.decision === 'reject' ? { decision: v.decision, reason: v.reason.trim() } : { decision: v.decision, reason: v.reason.trim(), correctionDays: v.correctionDays };
      onDone(await call(api.POST('/api/v1/applications/{id}/check', { params: { path: { id: app.id } }, body })));
      form.resetFields();
    } catch (err) {
      if (!applyFieldErrors(form, err, ['reason', 'correctionDays', 'decision'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('applications.check.title')}
      onCancel={onClose}
      okText={t('applications.check.confirm')}
      okButtonProps={{ loading: busy, 'data-testid': 'check-ok' }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<CheckValues> form={form} layout="vertical" initialValues={{ decision: 'accept', reason: '', correctionDays: 7 }} onFinish={(v) => void finish(v)} data-testid="check-form">
        <Form.Item name="decision" label={t('applications.check.decision')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="check-decision">
            <Radio.Button value="accept">{t('applications.check.accept')}</Radio.Button>
            <Radio.Button value="return">{t('applications.check.return')}</Radio.Button>
            <Radio.Button value="reject">{t('applications.check.reject')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {decision && decision !== 'accept' ? (
          <Form.Item name="reason" label={t('applications.check.reason')} rules={[{ required: true, whitespace: true, message: t('applications.check.reasonRequired') }, { max: 5000, message: t('applications.form.tooLong', { max: 5000 }) }]}>
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="check-reason" />
          </Form.Item>
        ) : null}
        {decision === 'return' ? (
          <Form.Item name="correctionDays" label={t('applications.check.correctionDays')} extra={t('applications.check.correctionDaysHint')} rules={[{ required: true, type: 'integer', min: 1, max: 30, message: t('applications.check.daysRange') }]}>
            <InputNumber min={1} max={30} precision={0} suffix={t('applications.check.days')} style={{ width: 140 }} data-testid="check-days" />
          </Form.Item>
        ) : null}
        {failure ? <Alert type="error" showIcon title={errorText(failure)} /> : null}
      </Form>
    </Modal>
  );
}

function Versions({ versions }: { versions: ApplicationVersion[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (versions.length === 0) return <Typography.Text type="secondary">{t('applications.view.noVersions')}</Typography.Text>;
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return (
    <Timeline
      data-testid="versions"
      items={sorted
        .map((v, i) => {
          const changed = changedSections(i > 0 ? sorted[i - 1]!.content : null, v.content);
          return {
            key: v.version,
            content: (
              <div>
                <Typography.Text strong>{t('applications.view.version', { n: v.version })}</Typography.Text>{' '}
                <Typography.Text type="secondary">{t('applications.view.submittedAt', { time: formatDateTime(v.submittedAt, lang) })}</Typography.Text>{' '}
                <Tag>{t('applications.view.againstTerms', { n: v.challengeVersion })}</Tag>
                <div style={{ marginTop: 4 }}>
                  {i === 0 ? (
                    <Typography.Text type="secondary">{t('applications.view.firstVersion')}</Typography.Text>
                  ) : changed.length ? (
                    <Space size={[4, 4]} wrap>
                      <Typography.Text type="secondary">{t('applications.view.changed')}</Typography.Text>
                      {changed.map((c) => (
                        <Tag key={c} color="blue">
                          {t(`applications.sections.${c}`)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('applications.view.unchanged')}</Typography.Text>
                  )}
                </div>
              </div>
            ),
          };
        })
        .reverse()}
    />
  );
}

/** /applications/:id — the application read-only, its history, and what the viewer may do with it. */
export default function ApplicationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const data = useApiData(
    async (signal) => {
      const [app, versions] = await Promise.all([
        call(api.GET('/api/v1/applications/{id}', { params: { path: { id } }, signal })),
        call(api.GET('/api/v1/applications/{id}/versions', { params: { path: { id } }, signal })),
      ]);
      const challenge = await call(api.GET('/api/v1/challenges/{id}', { params: { path: { id: app.challengeId } }, signal })).catch(() => null);
      return { app, versions, capFen: challenge?.terms.budgetCapFen };
    },
    [id],
  );
  const [override, setOverride] = useState<Application | null>(null);
  const [busy, setBusy] = useState<'submit' | 'withdraw' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [checkOpen, setCheckOpen] = useState(false);

  if (data.error) {
    return (
      <>
        <PageHeader title={t('applications.view.title')} />
        <LoadError error={data.error} onRetry={data.reload} />
      </>
    );
  }
  if (!data.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const app = override && override.id === data.data.app.id && override.updatedAt >= data.data.app.updatedAt ? override : data.data.app;
  const { versions, capFen } = data.data;

  const changed = (a: Application, note: string) => {
    setOverride(a);
    void message.success(note);
    data.reload();
  };

  const run = async (kind: 'submit' | 'withdraw') => {
    setBusy(kind);
    setFailure(null);
    try {
      const a = await call(api.POST(kind === 'submit' ? '/api/v1/applications/{id}/submit' : '/api/v1/applications/{id}/withdraw', { params: { path: { id: app.id } } }));
      changed(a, kind === 'submit' ? t('applications.form.submitted') : t('applications.view.withdrawn'));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const fieldErrs = failure instanceof ApiError ? localizeFieldErrors(failure, lang) : [];
  const due = app.status === 'returned' && app.correctionDueAt ? app.correctionDueAt : app.deadline;

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="application-title">{app.content.title || t('applications.form.untitled')}</span>
            <ApplicationStatusTag status={app.status} />
          </Space>
        }
        subtitle={
          <>
            {app.code} · <Link to={`/challenges/${app.challengeId}`}>{`${app.challengeCode} ${app.challengeTitle}`}</Link>
          </>
        }
        extra={
          <>
            {app.actions.includes('edit') ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => void navigate(`/applications/${app.id}/edit`)} data-testid="action-edit">
                {app.status === 'returned' ? t('applications.view.correct') : t('applications.view.edit')}
              </Button>
            ) : null}
            {app.actions.includes('submit') ? (
              <Popconfirm title={t('applications.form.submitConfirm')} description={t('applications.form.submitConfirmHint')} onConfirm={() => void run('submit')}>
                <Button icon={<SendOutlined />} loading={busy === 'submit'} data-testid="action-submit">
                  {t('applications.form.submit')}
                </Button>
              </Popconfirm>
            ) : null}
            {app.actions.includes('withdraw') ? (
              <Popconfirm title={t('applications.view.withdrawConfirm')} description={t('applications.view.withdrawHint')} okButtonProps={{ danger: true, 'data-testid': 'withdraw-confirm' }} onConfirm={() => void run('withdraw')}>
                <Button danger icon={<RollbackOutlined />} loading={busy === 'withdraw'} data-testid="action-withdraw">
                  {t('applications.view.withdraw')}
                </Button>
              </Popconfirm>
            ) : null}
            {app.actions.includes('check') ? (
              <Button type="primary" icon={<AuditOutlined />} onClick={() => setCheckOpen(true)} data-testid="action-check">
                {t('applications.check.open')}
              </Button>
            ) : null}
          </>
        }
      />
      {failure ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFailure(null) }}
          title={errorText(failure)}
          description={
            fieldErrs.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {fieldErrs.map((f) => (
                  <li key={f.path}>{f.path.startsWith('eligibility/') ? f.text : `${f.path}: ${f.text}`}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="action-error"
        />
      ) : null}
      {app.status === 'returned' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('applications.view.returnedTitle', { due: formatDateTime(app.correctionDueAt, lang) })}
          description={<span data-testid="check-reason">{app.checkReason}</span>}
          data-testid="returned-alert"
        />
      ) : null}
      {app.status === 'rejected' && app.checkReason ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('applications.view.rejectedTitle')} description={<span data-testid="check-reason">{app.checkReason}</span>} /> : null}
      {app.termsChangedSinceSubmission ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('applications.view.termsChanged')} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <ContentView content={app.content} totalFen={app.budgetTotalFen} capFen={capFen} />
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <Card variant="borderless" title={t('applications.view.overview')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('applications.organization')}>{app.organizationName}</Descriptions.Item>
                <Descriptions.Item label={t('applications.colStatus')}>
                  <ApplicationStatusTag status={app.status} />
                </Descriptions.Item>
                {app.nextStep ? (
                  <Descriptions.Item label={t('applications.colNextStep')}>
                    <NextStepText app={app} />
                  </Descriptions.Item>
                ) : null}
                <Descriptions.Item label={app.status === 'returned' ? t('applications.correctionDue') : t('applications.deadline')}>
                  <DeadlineWithCountdown deadline={due} />
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.colBudget')}>{formatWan(app.budgetTotalFen, lang)}</Descriptions.Item>
                {app.submittedAt ? <Descriptions.Item label={t('applications.view.lastSubmitted')}>{formatDateTime(app.submittedAt, lang)}</Descriptions.Item> : null}
                {app.checkedAt ? <Descriptions.Item label={t('applications.view.checkedAt')}>{formatDateTime(app.checkedAt, lang)}</Descriptions.Item> : null}
                {app.outcome ? (
                  <Descriptions.Item label={t('applications.view.outcome')}>
                    <Tag color={app.outcome === 'awarded' ? 'success' : 'default'} data-testid="outcome">
                      {t(`applications.outcome.${app.outcome}`)}
                    </Tag>
                  </Descriptions.Item>
                ) : null}
                {app.score !== null ? (
                  <Descriptions.Item label={t('applications.score.score')}>
                    <span data-testid="score">{app.score.toFixed(2)}</span>
                  </Descriptions.Item>
                ) : null}
                {app.scoreComment ? <Descriptions.Item label={t('applications.score.comment')}>{app.scoreComment}</Descriptions.Item> : null}
              </Descriptions>
            </Card>
            <Card variant="borderless" title={t('applications.view.versions')}>
              <Versions versions={versions} />
            </Card>
          </Flex>
        </Col>
      </Row>
      <CheckModal app={app} open={checkOpen} onClose={() => setCheckOpen(false)} onDone={(a) => { setCheckOpen(false); changed(a, t('applications.check.done')); }} />
    </>
  );
}
