import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useOrganizations } from '../../lib/useOrganizations.ts';
import { useMe } from '../../session/SessionContext.ts';
import { RoleTags } from '../../components/tags.tsx';

export function ProfileCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const u = me.user;
  const orgs = useOrganizations([u.organizationId]);
  const org = u.organizationId ? orgs.get(u.organizationId) : undefined;
  return (
    <Card variant="borderless" title={t('account.profile')} style={{ height: '100%' }}>
      <Descriptions
        column={1}
        size="middle"
        items={[
          { key: 'name', label: t('account.displayName'), children: u.displayName },
          { key: 'email', label: t('account.email'), children: u.email },
          { key: 'mobile', label: t('account.mobile'), children: u.mobile ?? t('common.empty') },
          { key: 'roles', label: t('account.roles'), children: <RoleTags roles={u.roles} /> },
          { key: 'tenant', label: t('account.tenant'), children: lang === 'en' ? me.tenant.nameEn : me.tenant.nameZh },
          ...(u.organizationId ? [{ key: 'org', label: t('account.organization'), children: org ? (lang === 'en' && org.nameEn ? org.nameEn : org.nameZh) : t('common.loading') }] : []),
          { key: 'last', label: t('account.lastLogin'), children: u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : t('common.empty') },
          { key: 'created', label: t('account.createdAt'), children: formatDateTime(u.createdAt, lang) },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('account.profileHint')}
      </Typography.Text>
    </Card>
  );
}
