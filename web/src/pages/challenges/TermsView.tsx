import { Card, Descriptions, Empty, Flex, Table, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { ORGANIZATION_TYPES, QUALIFICATION_KINDS, type OrganizationType, type QualificationKind } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useZones } from '../../lib/useZones.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useFieldLabel } from './ChallengesPage.tsx';
import { formatWan, type Challenge, type Target } from './model.ts';

const TERM_FIELDS = ['title', 'titleEn', 'field', 'problem', 'targets', 'budgetCapFen', 'fundingMode', 'durationMonths', 'maxAwards', 'eligibility', 'deadline', 'contact', 'attachmentIds'] as const;
type TermField = (typeof TERM_FIELDS)[number];

/** The terms as everyone reads them, with the published versions and why each was corrected. */
export function TermsView({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const lang = useLang();
  const zones = useZones();
  const fieldLabel = useFieldLabel();
  const terms = challenge.terms;
  const published = challenge.publishedAt !== null;
  const versions = useApiData((signal) => (published ? call(api.GET('/api/v1/challenges/{id}/versions', { params: { path: { id: challenge.id } }, signal })) : Promise.resolve([])), [challenge.id, challenge.version, published]);
  const files = useApiData(
    (signal) => Promise.all(terms.attachmentIds.map((id) => call(api.GET('/api/v1/files/{id}', { params: { path: { id } }, signal })).catch(() => ({ id, name: id })))),
    [terms.attachmentIds.join(',')],
  );
  const el = terms.eligibility;
  const typeName = (k: string) => ((ORGANIZATION_TYPES as readonly string[]).includes(k) ? t(`orgTypes.${k as OrganizationType}`) : k);
  const qualName = (k: string) => ((QUALIFICATION_KINDS as readonly string[]).includes(k) ? t(`qualificationKinds.${k as QualificationKind}`) : k);
  const changedName = (f: string) => ((TERM_FIELDS as readonly string[]).includes(f) ? t(`challenges.termFields.${f as TermField}`) : f);

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless">
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small" data-testid="terms">
          <Descriptions.Item label={t('challenges.termFields.title')} span="filled">
            {terms.title || t('common.empty')}
            {terms.titleEn ? (
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {terms.titleEn}
              </Typography.Text>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.field')}>{terms.field ? fieldLabel(terms.field) : t('common.empty')}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.deadline')}>{t('challenges.beijingTime', { time: formatDateTime(terms.deadline, lang) })}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.budgetCapFen')}>{t('challenges.wan', { value: formatWan(terms.budgetCapFen) })}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.fundingMode')}>{t(`challenges.fundingModes.${terms.fundingMode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.durationMonths')}>{t('challenges.monthsValue', { count: terms.durationMonths })}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.maxAwards')}>
            {terms.maxAwards}
            {terms.maxAwards > 1 ? (
              <Tag color="purple" style={{ marginInlineStart: 8 }}>
                {t('challenges.race', { count: terms.maxAwards })}
              </Tag>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.problem')} span="filled">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{terms.problem || t('common.empty')}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('challenges.eligibilityZones')}>{el.zoneIds.length ? el.zoneIds.map((z) => zones.path(z, lang) ?? z).join('、') : t('challenges.noRestriction')}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.eligibilityTypes')}>{el.organizationTypes.length ? el.organizationTypes.map(typeName).join('、') : t('challenges.noRestriction')}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.eligibilityQualifications')}>{el.qualifications.length ? el.qualifications.map(qualName).join('、') : t('challenges.noRestriction')}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.eligibilityConsortium')}>{el.consortiumAllowed ? t('challenges.yes') : t('challenges.no')}</Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.contact')} span="filled">
            {[terms.contact.name, terms.contact.phone, terms.contact.email].filter(Boolean).join(' · ') || t('common.empty')}
          </Descriptions.Item>
          <Descriptions.Item label={t('challenges.termFields.attachmentIds')} span="filled">
            {terms.attachmentIds.length === 0 ? (
              t('common.empty')
            ) : (
              <Flex vertical gap={4}>
                {(files.data ?? []).map((f) => (
                  <a key={f.id} href={`/api/v1/files/${f.id}/content`} download>
                    <PaperClipOutlined /> {f.name}
                  </a>
                ))}
              </Flex>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('challenges.termFields.targets')}>
        <Table<Target & { seq: number }>
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={terms.targets.map((x, i) => ({ ...x, seq: i + 1 }))}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.noTargets')} /> }}
          columns={[
            { key: 'i', title: '#', width: 48, dataIndex: 'seq' },
            { key: 'indicator', title: t('challenges.editor.indicator'), dataIndex: 'indicator' },
            { key: 'target', title: t('challenges.editor.targetValue'), render: (_v, r) => `${r.target} ${r.unit}` },
            { key: 'verification', title: t('challenges.editor.verification'), dataIndex: 'verification' },
          ]}
          data-testid="terms-targets"
        />
      </Card>
      {published ? (
        <Card variant="borderless" title={t('challenges.versions')}>
          {versions.error ? <LoadError error={versions.error} onRetry={versions.reload} /> : null}
          <Timeline
            data-testid="versions"
            items={[...(versions.data ?? [])].reverse().map((v) => ({
              key: v.version,
              color: v.reason ? 'orange' : 'green',
              content: (
                <div>
                  <Typography.Text strong>{t('challenges.versionN', { n: v.version })}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {formatDateTime(v.createdAt, lang)}
                  </Typography.Text>
                  {v.reason ? <div>{t('challenges.correctionReason', { reason: v.reason })}</div> : <div>{t('challenges.firstPublished')}</div>}
                  {v.changedFields.length ? (
                    <Flex gap={4} wrap style={{ marginTop: 4 }}>
                      {v.changedFields.map((f) => (
                        <Tag key={f}>{changedName(f)}</Tag>
                      ))}
                    </Flex>
                  ) : null}
                </div>
              ),
            }))}
          />
        </Card>
      ) : null}
    </Flex>
  );
}
