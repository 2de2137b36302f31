import type { ReactNode } from 'react';
import { Card, Flex, Grid, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Brand } from './Brand.tsx';

/** Pages reached without a session: sign-in, password reset, invitations. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const wide = Boolean(screens.lg);
  return (
    <Flex style={{ minHeight: '100vh' }}>
      {wide ? (
        <Flex
          vertical
          justify="space-between"
          style={{
            width: '42%',
            maxWidth: 560,
            padding: '48px 56px',
            color: '#fff',
            background: `linear-gradient(150deg, ${token.colorPrimary} 0%, #0b2e83 100%)`,
          }}
        >
          <Flex align="center" gap={12}>
            <svg width="40" height="40" viewBox="0 0 64 64" aria-hidden="true">
              <rect width="64" height="64" rx="14" fill="#fff" />
              <path d="M18 46V18h6v11l11-11h8L31 30l13 16h-8l-9-11.5-3 3V46z" fill={token.colorPrimary} />
            </svg>
            <Typography.Text style={{ color: '#fff', fontSize: 22, fontWeight: 600 }}>{t('app.name')}</Typography.Text>
          </Flex>
          <div>
            <Typography.Title level={2} style={{ color: '#fff', marginBottom: 16 }}>
              {t('app.fullName')}
            </Typography.Title>
            <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.85)', fontSize: 16, lineHeight: 1.8 }}>{t('app.tagline')}</Typography.Paragraph>
          </div>
          <span />
        </Flex>
      ) : null}
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex justify={wide ? 'flex-end' : 'space-between'} align="center" style={{ padding: '16px 24px' }}>
          {wide ? null : <Brand />}
          <LanguageSwitch />
        </Flex>
        <Flex justify="center" align="flex-start" style={{ flex: 1, padding: wide ? '24px 48px 48px' : '8px 16px 32px' }}>
          <Card variant="borderless" style={{ width: '100%', maxWidth: 480, boxShadow: token.boxShadowTertiary }} styles={{ body: { padding: wide ? 32 : 24 } }}>
            {children}
          </Card>
        </Flex>
      </Flex>
    </Flex>
  );
}
