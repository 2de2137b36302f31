import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function OptionalLabel({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <span>
      {label}
      <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontWeight: 'normal' }}>
        {t('common.optional')}
      </Typography.Text>
    </span>
  );
}
