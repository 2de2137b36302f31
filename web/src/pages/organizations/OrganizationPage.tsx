import { useParams } from 'react-router';
import { Card, Col, Descriptions, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import type { Organization } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useZones } from '../../lib/useZones.ts';
import { useCan } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { OrgTypeTag } from '../../components/tags.tsx';
import { QualificationsCard } from './QualificationsCard.tsx';
import { FiguresCard } from './FiguresCard.tsx';
import { PeopleCard } from './PeopleCard.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function OrganizationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const valid = UUID.test(id);
  const org = useApiData((signal) => (valid ? call(api.GET('/api/v1/organizations/{id}', { params: { path: { id } }, signal })) : Promise.resolve(null)), [id, valid]);

  const notFound = !valid || (org.error instanceof ApiError && org.error.status === 404);
  if (notFound) return <Result status="404" title={t('errorsPage.notFoundTitle')} subTitle={t('orgs.notFound')} />;
  const o = org.data;
  return (
    <>
      <PageHeader
        title={o ? o.nameZh : t('orgs.detailTitle')}
        subtitle={o ? [o.shortName !== o.nameZh ? o.shortName : null, o.nameEn].filter(Boolean).join(' · ') || undefined : undefined}
        extra={o ? <OrgTypeTag type={o.type} /> : null}
      />
      {org.error ? <LoadError error={org.error} onRetry={org.reload} /> : null}
      {o ? <OrganizationDetails org={o} /> : org.loading ? <Skeleton active /> : null}
    </>
  );
}

function OrganizationDetails({ org: o }: { org: Organization }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const zones = useZones();
  const empty = t('common.empty');
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card variant="borderless" title={t('orgs.profile')}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'code',
                label: t('orgs.fieldCreditCode'),
                children: (
                  <Typography.Text className="kc-mono" copyable>
                    {o.creditCode}
                  </Typography.Text>
                ),
              },
              { key: 'type', label: t('orgs.fieldType'), children: t(`orgTypes.${o.type}`) },
              { key: 'zone', label: t('orgs.fieldZone'), children: zones.path(o.zoneId, lang) ?? empty },
              { key: 'field', label: t('orgs.fieldField'), children: o.priorityField ? t(`priorityFields.${o.priorityField}`) : empty },
              { key: 'industry', label: t('orgs.fieldIndustry'), children: o.industryCode ? <span className="kc-mono">{o.industryCode}</span> : empty },
              { key: 'founded', label: t('orgs.fieldFounded'), children: o.foundedOn ?? empty },
              { key: 'address', label: t('orgs.fieldAddress'), children: o.address ?? empty },
              {
                key: 'website',
                label: t('orgs.fieldWebsite'),
                children: o.website && /^https?:\/\//i.test(o.website) ? (
                  <Typography.Link href={o.website} target="_blank" rel="noopener noreferrer">
                    {o.website}
                  </Typography.Link>
                ) : (
                  (o.website ?? empty)
                ),
              },
              {
                key: 'ror',
                label: t('orgs.fieldRor'),
                children: o.rorId ? (
                  <Typography.Link href={`https://ror.org/${o.rorId}`} target="_blank" rel="noopener noreferrer" className="kc-mono">
                    {o.rorId}
                  </Typography.Link>
                ) : (
                  empty
                ),
              },
              { key: 'created', label: t('orgs.colCreated'), children: formatDateTime(o.createdAt, lang) },
              {
                key: 'keywords',
                label: t('orgs.fieldKeywords'),
                span: 'filled',
                children: o.keywords.length ? (
                  <Space size={[4, 4]} wrap>
                    {o.keywords.map((k) => (
                      <Tag key={k}>{k}</Tag>
                    ))}
                  </Space>
                ) : (
                  empty
                ),
              },
              {
                key: 'description',
                label: t('orgs.fieldDescription'),
                span: 'filled',
                children: o.description ? <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{o.description}</Typography.Paragraph> : empty,
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xxl={12}>
        <QualificationsCard organizationId={o.id} />
      </Col>
      <Col xs={24} xxl={12}>
        <FiguresCard organizationId={o.id} />
      </Col>
      {can('organization.list') ? (
        <Col span={24}>
          <PeopleCard organizationId={o.id} />
        </Col>
      ) : null}
    </Row>
  );
}
