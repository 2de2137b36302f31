import { Button, Dropdown } from 'antd';
import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { startDownload } from '../lib/download.ts';

/** "Export" with a choice of Excel or CSV; `href` gives the download address of each. */
export function ExportButton({ href, hint, testId }: { href: (format: 'xlsx' | 'csv') => string; hint: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            type: 'group',
            key: 'formats',
            label: hint,
            children: [
              { key: 'xlsx', icon: <FileExcelOutlined />, label: t('orgs.exportXlsx') },
              { key: 'csv', icon: <FileTextOutlined />, label: t('orgs.exportCsv') },
            ],
          },
        ],
        onClick: ({ key }) => startDownload(href(key === 'csv' ? 'csv' : 'xlsx')),
      }}
    >
      <Button icon={<DownloadOutlined />} data-testid={testId}>
        {t('orgs.export')}
      </Button>
    </Dropdown>
  );
}
