import { useMemo } from 'react';
import { Link } from 'react-router';
import { Card, Col, Flex, Row, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigationFor, type NavItem } from '../../layout/navigation.tsx';
import { useMe } from '../../session/SessionContext.ts';

type LinkKey =
  | 'home.linkUsers'
  | 'home.linkAudit'
  | 'home.linkOrgs'
  | 'home.linkJobs'
  | 'home.linkAccount'
  | 'home.linkMyOrg'
  | 'home.linkDashboard'
  | 'home.linkPeople'
  | 'home.linkImport'
  | 'home.linkIndicators';

const DESCRIPTIONS: Partial<Record<NavItem['key'], LinkKey>> = {
  dashboard: 'home.linkDashboard',
  people: 'home.linkPeople',
  import: 'home.linkImport',
  indicators: 'home.linkIndicators',
  users: 'home.linkUsers',
  audit: 'home.linkAudit',
  organizations: 'home.linkOrgs',
  'my-organization': 'home.linkMyOrg',
  jobs: 'home.linkJobs',
  account: 'home.linkAccount',
};

/** What this user can open, with a line on what each place is for. */
export function QuickLinks() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const me = useMe();
  const items = useMemo(() => navigationFor(me).filter((n) => n.key !== 'home'), [me]);
  return (
    <Card variant="borderless" title={t('home.quickLinks')} style={{ height: '100%' }} data-testid="quick-links">
      <Row gutter={[12, 12]}>
        {items.map((n) => {
          const desc = DESCRIPTIONS[n.key];
          return (
            <Col xs={24} sm={12} key={n.key}>
              <Link to={n.path} className="kc-quick-link" style={{ borderRadius: token.borderRadiusLG }}>
                <Flex gap={12} align="flex-start">
                  <span style={{ color: token.colorPrimary, fontSize: 20, lineHeight: 1 }}>{n.icon}</span>
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Typography.Text strong>{t(n.labelKey)}</Typography.Text>
                    {desc ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(desc)}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                </Flex>
              </Link>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
