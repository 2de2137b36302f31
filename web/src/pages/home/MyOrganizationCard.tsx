import { useNavigate } from 'react-router';
import { Button, Card, Descriptions, Flex, Skeleton, Typography } from 'antd';
import { BankOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { OrgTypeTag } from '../../components/tags.tsx';

/** The applicant's organisation; without one, says how to get linked to it. */
export function MyOrganizationCard({ organizationId }: { organizationId: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const org = useApiData(
    (signal) => (organizationId ? call(api.GET('/api/v1/organizations/{id}', { params: { path: { id: organizationId } }, signal })) : Promise.resolve(null)),
    [organizationId],
  );
  const o = org.data;
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <BankOutlined />
          {t('home.myOrgTitle')}
        </Flex>
      }
      extra={
        organizationId ? (
          <Button type="link" onClick={() => void navigate(`/organizations/${organizationId}`)}>
            {t('common.details')}
          </Button>
        ) : null
      }
      style={{ height: '100%' }}
      data-testid="my-organization"
    >
      {organizationId ? null : <Typography.Paragraph type="secondary">{t('home.myOrgNone')}</Typography.Paragraph>}
      {org.error ? <LoadError error={org.error} onRetry={org.reload} /> : null}
      {o ? (
        <Flex vertical gap={8}>
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {o.nameZh}
            </Typography.Title>
            <OrgTypeTag type={o.type} />
          </Flex>
          {o.nameEn ? <Typography.Text type="secondary">{o.nameEn}</Typography.Text> : null}
          <Descriptions
            size="small"
            column={1}
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
            ]}
          />
        </Flex>
      ) : org.loading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : null}
    </Card>
  );
}
