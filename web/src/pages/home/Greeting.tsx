import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { formatLongDate, shanghaiHour } from '../../lib/format.ts';
import { useMe } from '../../session/SessionContext.ts';
import { RoleTags } from '../../components/tags.tsx';

export function Greeting() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const hour = shanghaiHour();
  const name = me.user.displayName;
  const greeting = hour < 12 ? t('home.greetingMorning', { name }) : hour < 18 ? t('home.greetingAfternoon', { name }) : t('home.greetingEvening', { name });
  return (
    <Card variant="borderless">
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Flex vertical gap={6} style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="greeting">
            {greeting}
          </Typography.Title>
          <Flex gap={8} align="center" wrap>
            <Typography.Text type="secondary">{lang === 'en' ? me.tenant.nameEn : me.tenant.nameZh}</Typography.Text>
            {me.tenant.isDemo ? <Tag color="orange">{t('common.demoData')}</Tag> : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {formatLongDate(new Date(), lang)}
          </Typography.Text>
        </Flex>
        <Flex vertical gap={6} align="flex-end">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('home.yourRoles')}
          </Typography.Text>
          <RoleTags roles={me.user.roles} />
        </Flex>
      </Flex>
    </Card>
  );
}
