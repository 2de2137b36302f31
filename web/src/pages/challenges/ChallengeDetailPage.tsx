import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Descriptions, Flex, Skeleton, Space, Tabs, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, FormOutlined, RollbackOutlined, SendOutlined, StopOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { readsChallenges, type Challenge } from './model.ts';
import { StageTag } from './StageTag.tsx';
import { ReasonModal } from './ReasonModal.tsx';
import { PublishBatchModal } from './PublishBatchModal.tsx';
import { TermsView } from './TermsView.tsx';
import { ApplicationsTab } from './ApplicationsTab.tsx';
import { ReviewTab } from './ReviewTab.tsx';
import { NoticeTab } from './NoticeTab.tsx';
import { ContractsTab } from './ContractsTab.tsx';

const TABS = ['terms', 'applications', 'review', 'notice', 'contracts'] as const;
type TabKey = (typeof TABS)[number];

export default function ChallengeDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const errorText = useErrorText();
  const staff = readsChallenges(me);
  const challenge = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}', { params: { path: { id } }, signal })), [id]);
  const [reasonFor, setReasonFor] = useState<'refuse' | 'cancel' | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const c = challenge.data;
  if (challenge.error && !c) return <LoadError error={challenge.error} onRetry={challenge.reload} />;
  if (!c) return <Skeleton active />;

  const visible: TabKey[] = staff ? [...TABS] : c.stage === 'awarded' ? ['terms', 'contracts'] : ['terms'];
  const asked = params.get('tab');
  const tab: TabKey = visible.includes(asked as TabKey) ? (asked as TabKey) : 'terms';
  const setTab = (k: string) => {
    const next = new URLSearchParams(params);
    if (k === 'terms') next.delete('tab');
    else next.set('tab', k);
    setParams(next, { replace: true });
  };
  const has = (a: string) => c.actions.includes(a);

  const command = async (name: string, run: () => Promise<Challenge>, done: string) => {
    setBusy(name);
    setFailure(null);
    try {
      await run();
      void message.success(done);
      challenge.reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };
  const path = { params: { path: { id: c.id } } };
  const confirm = (title: string, content: string, name: string, run: () => Promise<Challenge>, done: string) =>
    modal.confirm({ title, content, okText: t('common.confirm'), cancelText: t('common.cancel'), onOk: () => command(name, run, done) });

  const title = lang === 'en' && c.terms.titleEn ? c.terms.titleEn : c.terms.title || t('challenges.untitled');
  const incomplete = failure instanceof ApiError && failure.code === 'INCOMPLETE';

  return (
    <>
      <PageHeader
        title={
          <Space size={10} wrap>
            <span data-testid="challenge-title">{title}</span>
            <StageTag stage={c.stage} />
          </Space>
        }
        subtitle={
          <Space size={12} wrap>
            <Typography.Text className="kc-mono" data-testid="challenge-code">
              {c.code}
            </Typography.Text>
            <span>{t('challenges.versionN', { n: c.version })}</span>
            {c.batch ? <span>{t('challenges.inBatch', { title: c.batch.title })}</span> : null}
            {c.publishedAt ? <span>{t('challenges.publishedAt', { time: formatDateTime(c.publishedAt, lang) })}</span> : null}
            <Link to="/challenges">{t('challenges.backToList')}</Link>
          </Space>
        }
        extra={
          <Flex gap={8} wrap data-testid="challenge-actions">
            {has('apply') ? (
              <Button type="primary" icon={<FormOutlined />} onClick={() => void navigate(`/challenges/${c.id}/apply`)} data-testid="action-apply">
                {t('challenges.actions.apply')}
              </Button>
            ) : null}
            {has('edit') ? (
              <Button icon={<EditOutlined />} onClick={() => void navigate(`/challenges/${c.id}/edit`)} data-testid="action-edit">
                {t('challenges.actions.edit')}
              </Button>
            ) : null}
            {has('submit') ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy === 'submit'}
                onClick={() => void command('submit', () => call(api.POST('/api/v1/challenges/{id}/submit', path)), t('challenges.editor.submitted'))}
                data-testid="action-submit"
              >
                {t('challenges.actions.submit')}
              </Button>
            ) : null}
            {has('approve') ? (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === 'approve'}
                onClick={() => void confirm(t('challenges.confirmApprove'), t('challenges.confirmApproveHint'), 'approve', () => call(api.POST('/api/v1/challenges/{id}/approve', path)), t('challenges.approved'))}
                data-testid="action-approve"
              >
                {t('challenges.actions.approve')}
              </Button>
            ) : null}
            {has('refuse') ? (
              <Button icon={<RollbackOutlined />} onClick={() => setReasonFor('refuse')} data-testid="action-refuse">
                {t('challenges.actions.refuse')}
              </Button>
            ) : null}
            {has('publish') ? (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setPublishOpen(true)} data-testid="action-publish">
                {t('challenges.actions.publish')}
              </Button>
            ) : null}
            {has('correct') ? (
              <Button icon={<EditOutlined />} onClick={() => void navigate(`/challenges/${c.id}/correct`)} data-testid="action-correct">
                {t('challenges.actions.correct')}
              </Button>
            ) : null}
            {has('check') && staff ? (
              <Button onClick={() => setTab('applications')} data-testid="action-check">
                {t('challenges.actions.check')}
              </Button>
            ) : null}
            {has('open_review') ? (
              <Button
                type="primary"
                icon={<TrophyOutlined />}
                loading={busy === 'open_review'}
                onClick={() => void confirm(t('challenges.confirmOpenReview'), t('challenges.confirmOpenReviewHint'), 'open_review', () => call(api.POST('/api/v1/challenges/{id}/open-review', path)), t('challenges.reviewOpened'))}
                data-testid="action-open-review"
              >
                {t('challenges.actions.openReview')}
              </Button>
            ) : null}
            {has('decide') || has('score') || has('record_defence') ? (
              <Button onClick={() => setTab('review')} data-testid="action-review">
                {t('challenges.actions.review')}
              </Button>
            ) : null}
            {has('close_notice') || has('answer_objections') ? (
              <Button onClick={() => setTab('notice')} data-testid="action-notice">
                {t('challenges.actions.notice')}
              </Button>
            ) : null}
            {has('cancel') ? (
              <Button danger icon={<StopOutlined />} onClick={() => setReasonFor('cancel')} data-testid="action-cancel">
                {t('challenges.actions.cancel')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      {failure ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFailure(null), closeIcon: <CloseOutlined /> }}
          title={errorText(failure)}
          description={
            incomplete ? (
              <Space direction="vertical" size={4}>
                <span>{t('challenges.incompleteHint')}</span>
                {has('edit') ? <Link to={`/challenges/${c.id}/edit`}>{t('challenges.actions.edit')}</Link> : null}
              </Space>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="challenge-error"
        />
      ) : null}
      {c.stage === 'cancelled' && c.cancelReason ? <Alert type="warning" showIcon title={t('challenges.cancelledBecause', { reason: c.cancelReason })} style={{ marginBottom: 16 }} /> : null}
      {staff && (c.approvedAt || c.submittedBy) ? (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 8 }}>
          <Descriptions.Item label={t('challenges.createdAt')}>{formatDateTime(c.createdAt, lang)}</Descriptions.Item>
          {c.approvedAt ? <Descriptions.Item label={t('challenges.approvedAt')}>{formatDateTime(c.approvedAt, lang)}</Descriptions.Item> : null}
          {c.reviewOpenedAt ? <Descriptions.Item label={t('challenges.reviewOpenedAt')}>{formatDateTime(c.reviewOpenedAt, lang)}</Descriptions.Item> : null}
        </Descriptions>
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={visible.map((k) => ({
          key: k,
          label: t(`challenges.tabs.${k}`),
          children:
            k !== tab ? null : k === 'terms' ? (
              <TermsView challenge={c} />
            ) : k === 'applications' ? (
              <ApplicationsTab challenge={c} />
            ) : k === 'review' ? (
              <ReviewTab challenge={c} onChanged={challenge.reload} />
            ) : k === 'notice' ? (
              <NoticeTab challenge={c} onChanged={challenge.reload} />
            ) : (
              <ContractsTab challenge={c} />
            ),
        }))}
      />
      <ReasonModal
        open={reasonFor !== null}
        title={reasonFor === 'cancel' ? t('challenges.cancelTitle') : t('challenges.refuseTitle')}
        description={reasonFor === 'cancel' ? t('challenges.cancelHint') : t('challenges.refuseHint')}
        okText={reasonFor === 'cancel' ? t('challenges.actions.cancel') : t('challenges.actions.refuse')}
        danger={reasonFor === 'cancel'}
        onClose={() => setReasonFor(null)}
        onSubmit={async (reason) => {
          const which = reasonFor;
          if (which === 'cancel') await call(api.POST('/api/v1/challenges/{id}/cancel', { ...path, body: { reason } }));
          else await call(api.POST('/api/v1/challenges/{id}/refuse', { ...path, body: { reason } }));
          setReasonFor(null);
          void message.success(which === 'cancel' ? t('challenges.cancelled') : t('challenges.refused'));
          challenge.reload();
        }}
      />
      <PublishBatchModal
        open={publishOpen}
        preselect={c.id}
        onClose={() => setPublishOpen(false)}
        onPublished={(b) => {
          setPublishOpen(false);
          void message.success(t('challenges.publish.done', { code: b.code }));
          challenge.reload();
        }}
      />
    </>
  );
}
