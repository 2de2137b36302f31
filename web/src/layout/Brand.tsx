import { Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';

export function Logo({ size = 32 }: { size?: number }) {
  const { token } = theme.useToken();
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" style={{ flexShrink: 0 }}>
      <rect width="64" height="64" rx="14" fill={token.colorPrimary} />
      <path d="M18 46V18h6v11l11-11h8L31 30l13 16h-8l-9-11.5-3 3V46z" fill="#fff" />
    </svg>
  );
}

export function Brand({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={10} style={{ minWidth: 0 }}>
      <Logo />
      {compact ? null : (
        <Flex vertical style={{ minWidth: 0, lineHeight: 1.2 }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('app.name')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {t('app.fullName')}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
