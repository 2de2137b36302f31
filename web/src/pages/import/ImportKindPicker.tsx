import type { ReactNode } from 'react';
import { Button, Flex, Radio, Typography } from 'antd';
import { BankOutlined, BarChartOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportKind } from '../../api/types.ts';
import { templateHref } from './importUi.ts';

const ICONS: Record<ImportKind, ReactNode> = {
  organizations: <BankOutlined />,
  qualifications: <SafetyCertificateOutlined />,
  figures: <BarChartOutlined />,
};

/** What to import, with the template of each kind. */
export function ImportKindPicker({ kind, onChange, disabled }: { kind: ImportKind; onChange: (k: ImportKind) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Radio.Group value={kind} onChange={(e) => onChange(e.target.value as ImportKind)} disabled={disabled} style={{ width: '100%' }}>
        <div className="kc-kind-grid">
          {IMPORT_KINDS.map((k) => (
            <label key={k} className={`kc-kind${k === kind ? ' kc-kind-selected' : ''}`} data-testid={`import-kind-${k}`}>
              <Flex gap={10} align="flex-start">
                <Radio value={k} style={{ marginTop: 2 }} />
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Typography.Text strong>
                    <span style={{ marginInlineEnd: 6 }}>{ICONS[k]}</span>
                    {t(`importKinds.${k}`)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`import.kindHint.${k}`)}
                  </Typography.Text>
                </Flex>
              </Flex>
            </label>
          ))}
        </div>
      </Radio.Group>
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">{t('import.templateLead', { kind: t(`importKinds.${kind}`) })}</Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} href={templateHref(kind, 'xlsx')} download data-testid="template-xlsx">
          {t('import.templateXlsx')}
        </Button>
        <Button size="small" icon={<DownloadOutlined />} href={templateHref(kind, 'csv')} download data-testid="template-csv">
          {t('import.templateCsv')}
        </Button>
      </Flex>
      {kind !== 'organizations' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('import.orderHint')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
