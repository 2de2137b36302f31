import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Tenant } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';

export function TenantSelect({ tenants, value, onChange, loading }: { tenants: Tenant[]; value?: string; onChange?: (slug: string) => void; loading?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={loading}
      placeholder={t('login.tenantPlaceholder')}
      options={tenants.map((tn) => ({ value: tn.slug, label: lang === 'en' ? tn.nameEn : tn.nameZh }))}
      data-testid="tenant-select"
    />
  );
}
