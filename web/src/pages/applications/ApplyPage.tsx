import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { emptyContent, formatWan } from './model.ts';
import { DeadlineWithCountdown } from './parts.tsx';

/** My organisation's live application for a challenge, if it has one (withdrawn ones do not count). */
async function existingApplication(challengeId: string, signal?: AbortSignal): Promise<string | null> {
  const page = await call(api.GET('/api/v1/applications', { params: { query: { challengeId, pageSize: 50 } }, signal }));
  return page.items.find((a) => a.status !== 'withdrawn')?.id ?? null;
}

/** /challenges/:id/apply — whether my organisation may take the challenge, and a draft to start from. */
export default function ApplyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const data = useApiData(
    async (signal) => {
      const [challenge, eligibility, existing] = await Promise.all([
        call(api.GET('/api/v1/challenges/{id}', { params: { path: { id } }, signal })),
        call(api.GET('/api/v1/challenges/{id}/eligibility', { params: { path: { id } }, signal })),
        existingApplication(id, signal),
      ]);
      return { challenge, eligibility, existing };
    },
    [id],
  );

  const start = async () => {
    setStarting(true);
    setFailure(null);
    try {
      const a = await call(api.POST('/api/v1/challenges/{id}/applications', { params: { path: { id } }, body: emptyContent() }));
      void navigate(`/applications/${a.id}/edit`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'APPLICATION_EXISTS') {
        const fromDetail = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(err.detail ?? '')?.[1];
        const existing = fromDetail ?? (await existingApplication(id).catch(() => null));
        if (existing) {
          void navigate(`/applications/${existing}/edit`, { replace: true });
          return;
        }
      }
      setFailure(err);
    } finally {
      setStarting(false);
    }
  };

  if (data.error) {
    return (
      <>
        <PageHeader title={t('applications.apply.title')} />
        <LoadError error={data.error} onRetry={data.reload} />
      </>
    );
  }
  if (!data.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  const { challenge, eligibility, existing } = data.data;
  const terms = challenge.terms;
  const title = lang === 'en' && terms.titleEn ? terms.titleEn : terms.title;

  return (
    <>
      <PageHeader title={t('applications.apply.title')} subtitle={t('applications.apply.subtitle')} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" title={<span data-testid="apply-challenge">{`${challenge.code} · ${title}`}</span>}>
          <Descriptions.Item label={t('applications.budgetCap')}>{formatWan(terms.budgetCapFen, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('applications.duration')}>{t('applications.months', { n: terms.durationMonths })}</Descriptions.Item>
          <Descriptions.Item label={t('applications.deadline')} span="filled">
            <DeadlineWithCountdown deadline={terms.deadline} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" data-testid="eligibility">
        {existing ? (
          <Result
            status="info"
            title={t('applications.apply.existsTitle')}
            subTitle={t('applications.apply.existsHint')}
            extra={
              <Flex gap={8} justify="center" wrap>
                <Button type="primary" onClick={() => void navigate(`/applications/${existing}/edit`)} data-testid="apply-continue">
                  {t('applications.apply.continue')}
                </Button>
                <Button onClick={() => void navigate(`/applications/${existing}`)}>{t('applications.apply.view')}</Button>
              </Flex>
            }
          />
        ) : eligibility.eligible ? (
          <Result
            status="success"
            title={t('applications.apply.eligibleTitle')}
            subTitle={challenge.acceptingApplications ? t('applications.apply.eligibleHint') : t('applications.apply.notAccepting')}
            extra={
              <Button type="primary" icon={<FormOutlined />} loading={starting} disabled={!challenge.actions.includes('apply')} onClick={() => void start()} data-testid="apply-start">
                {t('applications.apply.start')}
              </Button>
            }
          />
        ) : (
          <Result
            status="warning"
            title={t('applications.apply.notEligibleTitle')}
            subTitle={t('applications.apply.notEligibleHint')}
            extra={<Link to={`/challenges/${id}`}>{t('applications.apply.backToChallenge')}</Link>}
          >
            <ul data-testid="refusals" style={{ margin: 0, paddingInlineStart: 20 }}>
              {eligibility.refusals.map((r) => (
                <li key={r.code}>
                  <Typography.Text>{lang === 'en' ? r.en : r.zh}</Typography.Text>
                </li>
              ))}
            </ul>
          </Result>
        )}
        {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginTop: 16 }} data-testid="apply-error" /> : null}
      </Card>
    </>
  );
}
