import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Flex, Result, Row, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined, FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { ORGANIZATION_TYPES, QUALIFICATION_KINDS, type OrganizationType, type QualificationKind } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { formatWan, type ChallengeVersion, type PublicChallenge } from '../applications/model.ts';
import { Countdown } from '../applications/parts.tsx';
import { PublicShell, publicHref, usePublicTenant, usePublicZones } from './PublicShell.tsx';
import { StageTag, useFieldLabel } from './publicParts.tsx';

const TERM_FIELDS = ['title', 'titleEn', 'field', 'problem', 'targets', 'budgetCapFen', 'fundingMode', 'durationMonths', 'maxAwards', 'eligibility', 'deadline', 'contact', 'attachmentIds'] as const;

/** /public/challenges/:id — one published challenge: terms, targets, who may apply, attachments, corrections, result. */
export default function PublicChallengePage() {
  return (
    <PublicShell>
      <ChallengeDetail />
    </PublicShell>
  );
}

function Eligibility({ c, slug }: { c: PublicChallenge; slug: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const zones = usePublicZones(slug);
  const el = c.terms.eligibility;
  const zoneName = (id: string) => {
    const z = zones.find((x) => x.id === id);
    return z ? (lang === 'en' ? z.nameEn : z.nameZh) : t('publicChallenges.unknownZone');
  };
  const sep = lang === 'en' ? ', ' : '、';
  const types = el.organizationTypes.map((x) => ((ORGANIZATION_TYPES as readonly string[]).includes(x) ? t(`orgTypes.${x as OrganizationType}`) : x)).join(sep);
  const quals = el.qualifications.map((x) => ((QUALIFICATION_KINDS as readonly string[]).includes(x) ? t(`qualificationKinds.${x as QualificationKind}`) : x)).join(sep);
  const lines = [
    el.zoneIds.length ? t('publicChallenges.eligibilityZones', { zones: el.zoneIds.map(zoneName).join(sep) }) : t('publicChallenges.eligibilityAnyZone'),
    el.organizationTypes.length ? t('publicChallenges.eligibilityTypes', { types }) : t('publicChallenges.eligibilityAnyType'),
    el.qualifications.length ? t('publicChallenges.eligibilityQualifications', { qualifications: quals }) : t('publicChallenges.eligibilityNoQualification'),
    el.consortiumAllowed ? t('publicChallenges.eligibilityConsortium') : t('publicChallenges.eligibilityNoConsortium'),
  ];
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="public-eligibility">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

function VersionHistory({ versions }: { versions: ChallengeVersion[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  if (sorted.length === 0) return <Typography.Text type="secondary">{t('publicChallenges.noVersions')}</Typography.Text>;
  return (
    <Timeline
      data-testid="public-versions"
      items={sorted.map((v) => ({
        key: v.version,
        color: v.reason ? 'orange' : 'blue',
        content: (
          <div>
            <Typography.Text strong>{t('publicChallenges.versionN', { n: v.version })}</Typography.Text>{' '}
            <Typography.Text type="secondary">{formatDateTime(v.createdAt, lang)}</Typography.Text>
            {v.reason ? (
              <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                {t('publicChallenges.correctionReason')}：{v.reason}
              </Typography.Paragraph>
            ) : (
              <div>
                <Typography.Text type="secondary">{t('publicChallenges.firstPublished')}</Typography.Text>
              </div>
            )}
            {v.changedFields.length ? (
              <Flex gap={4} wrap style={{ marginTop: 4 }}>
                {v.changedFields.map((f) => (
                  <Tag key={f}>{(TERM_FIELDS as readonly string[]).includes(f) ? t(`publicChallenges.termFields.${f as (typeof TERM_FIELDS)[number]}`) : f}</Tag>
                ))}
              </Flex>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

function ChallengeDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const fieldLabel = useFieldLabel();
  const { slug } = usePublicTenant();
  const data = useApiData(
    async (signal) => {
      if (!slug) return null;
      const [c, versions] = await Promise.all([
        call(api.GET('/api/v1/public/challenges/{id}', { params: { path: { id }, query: { tenant: slug } }, signal })),
        call(api.GET('/api/v1/public/challenges/{id}/versions', { params: { path: { id }, query: { tenant: slug } }, signal })),
      ]);
      return { c, versions };
    },
    [id, slug],
  );
  if (data.error instanceof ApiError && data.error.status === 404) {
    return <Result status="404" title={t('publicChallenges.notFound')} extra={<Link to={publicHref('/public/challenges', slug)}>{t('publicChallenges.backToList')}</Link>} />;
  }
  if (data.error) return <LoadError error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const { c, versions } = data.data;
  const terms = c.terms;
  const title = lang === 'en' && terms.titleEn ? terms.titleEn : terms.title;
  const attachmentHref = (fileId: string) => `/api/v1/public/challenges/${c.id}/attachments/${fileId}?${new URLSearchParams({ tenant: slug ?? '' }).toString()}`;

  return (
    <>
      <Link to={publicHref('/public/challenges', slug)}>{t('publicChallenges.backToList')}</Link>
      <div style={{ height: 12 }} />
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="public-challenge-title">{title}</span>
            <StageTag stage={c.stage} />
          </Flex>
        }
        subtitle={`${c.code}${c.batch ? ` · ${c.batch.title}` : ''}${c.version > 1 ? ` · ${t('publicChallenges.versionN', { n: c.version })}` : ''}`}
        extra={
          c.acceptingApplications ? (
            <Link to={`/challenges/${c.id}/apply`}>
              <Button type="primary" icon={<FormOutlined />} data-testid="public-apply">
                {t('publicChallenges.apply')}
              </Button>
            </Link>
          ) : null
        }
      />
      {c.decision ? (
        <Alert
          type={c.decision.kind === 'award' ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={c.decision.kind === 'award' ? t('publicChallenges.decisionAward') : t('publicChallenges.decisionNoAward')}
          description={
            <>
              <div>{c.decision.reason}</div>
              {c.noticeId ? (
                <Link to={publicHref(`/public/notices/${c.noticeId}`, slug)} data-testid="public-notice-link">
                  {t('publicChallenges.viewNotice')}
                </Link>
              ) : null}
            </>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <Card variant="borderless" title={t('publicChallenges.problem')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{terms.problem}</Typography.Paragraph>
            </Card>
            <Card variant="borderless" title={t('publicChallenges.targets')}>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={terms.targets.map((x, i) => ({ ...x, key: i }))}
                scroll={{ x: 'max-content' }}
                columns={[
                  { key: 'indicator', title: t('publicChallenges.targetIndicator'), dataIndex: 'indicator' },
                  { key: 'target', title: t('publicChallenges.targetValue'), render: (_v, r) => `${r.target} ${r.unit}` },
                  { key: 'verification', title: t('publicChallenges.targetVerification'), dataIndex: 'verification' },
                ]}
                data-testid="public-targets"
              />
            </Card>
            <Card variant="borderless" title={t('publicChallenges.eligibility')}>
              <Eligibility c={c} slug={slug} />
            </Card>
            <Card variant="borderless" title={t('publicChallenges.attachments')}>
              {c.attachments.length ? (
                <Flex vertical gap={4}>
                  {c.attachments.map((f) => (
                    <a key={f.id} href={attachmentHref(f.id)} data-testid="public-attachment">
                      <DownloadOutlined /> {f.name}
                    </a>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('publicChallenges.noAttachments')}</Typography.Text>
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <Card variant="borderless" title={t('publicChallenges.keyFacts')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('publicChallenges.field')}>{fieldLabel(terms.field)}</Descriptions.Item>
                <Descriptions.Item label={t('publicChallenges.budgetCap')}>
                  <span data-testid="public-budget-cap">{formatWan(terms.budgetCapFen, lang)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('publicChallenges.fundingMode')}>{t(`publicChallenges.fundingModes.${terms.fundingMode}`)}</Descriptions.Item>
                <Descriptions.Item label={t('publicChallenges.duration')}>{t('applications.months', { n: terms.durationMonths })}</Descriptions.Item>
                <Descriptions.Item label={t('publicChallenges.maxAwards')}>{terms.maxAwards > 1 ? t('publicChallenges.horseRace', { n: terms.maxAwards }) : t('publicChallenges.singleAward')}</Descriptions.Item>
                <Descriptions.Item label={t('publicChallenges.deadline')}>
                  <Flex vertical>
                    <span>{t('applications.beijingTime', { time: formatDateTime(terms.deadline, lang) })}</span>
                    {c.acceptingApplications ? <Countdown until={terms.deadline} testId="public-countdown" /> : null}
                  </Flex>
                </Descriptions.Item>
                <Descriptions.Item label={t('publicChallenges.applications')}>{c.applicationCount}</Descriptions.Item>
                {c.publishedAt ? <Descriptions.Item label={t('publicChallenges.publishedAt')}>{formatDateTime(c.publishedAt, lang)}</Descriptions.Item> : null}
                <Descriptions.Item label={t('publicChallenges.contact')}>
                  <Flex vertical>
                    <span>{terms.contact.name}</span>
                    <span>{terms.contact.phone}</span>
                    <a href={`mailto:${terms.contact.email}`}>{terms.contact.email}</a>
                  </Flex>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card variant="borderless" title={t('publicChallenges.versions')}>
              <VersionHistory versions={versions} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}
