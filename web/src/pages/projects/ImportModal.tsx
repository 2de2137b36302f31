import { useState } from 'react';
import { Alert, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { startDownload } from '../../lib/download.ts';
import type { ImportOutcome } from './model.ts';

/** Check a file first (row-level errors, nothing written), then import it: all rows or none. */
export function ImportModal({ listId, open, onClose, onImported }: { listId: string; open: boolean; onClose: () => void; onImported: (o: ImportOutcome) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const form = new FormData();
      form.append('file', f, f.name);
      // The route reads multipart/form-data, which the OpenAPI document cannot describe as a body.
      const o = await call(api.POST('/api/v1/project-lists/{id}/import', { params: { path: { id: listId }, query: { dryRun } }, body: form as never }));
      if (dryRun) setOutcome(o);
      else {
        setFile(null);
        setOutcome(null);
        onImported(o);
      }
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  type Row = ImportOutcome['errors'][number];
  return (
    <Modal
      open={open}
      title={t('projectsUi.import.title')}
      onCancel={onClose}
      width={820}
      destroyOnHidden
      footer={
        <Flex justify="space-between">
          <Button icon={<DownloadOutlined />} onClick={() => startDownload('/api/v1/projects/import-template?format=xlsx')}>
            {t('projectsUi.import.template')}
          </Button>
          <Button type="primary" disabled={!file || !outcome || outcome.errors.length > 0} loading={busy} onClick={() => file && void send(file, false)} data-testid="import-commit">
            {t('projectsUi.import.commit')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('projectsUi.import.hint')}</Typography.Paragraph>
      <Upload
        accept=".xlsx,.csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          setFile(f);
          setOutcome(null);
          void send(f, true);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy && !outcome} data-testid="import-choose">
          {file ? file.name : t('projectsUi.import.choose')}
        </Button>
      </Upload>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginTop: 12 }} /> : null}
      {outcome ? (
        <div style={{ marginTop: 16 }} data-testid="import-outcome">
          <Typography.Text strong>{t('projectsUi.import.check')}：</Typography.Text>
          <Typography.Text>{t('projectsUi.import.counts', { rows: outcome.rows, inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged })}</Typography.Text>
          {outcome.ignoredColumns.length ? <Typography.Paragraph type="secondary">{t('projectsUi.import.ignored', { columns: outcome.ignoredColumns.join('、') })}</Typography.Paragraph> : null}
          {outcome.errors.length ? (
            <>
              <Alert type="error" showIcon title={t('projectsUi.import.errors', { count: outcome.errors.length })} style={{ margin: '12px 0' }} />
              <Table<Row>
                rowKey={(r) => `${r.row}:${r.column}:${r.en}`}
                size="small"
                dataSource={outcome.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { key: 'row', title: t('projectsUi.import.colRow'), dataIndex: 'row', width: 60 },
                  { key: 'col', title: t('projectsUi.import.colColumn'), render: (_v, r) => r.column ?? t('common.empty') },
                  { key: 'msg', title: t('projectsUi.import.colMessage'), render: (_v, r) => (lang === 'en' ? r.en : r.zh) },
                  { key: 'val', title: t('projectsUi.import.colValue'), render: (_v, r) => <Typography.Text type="secondary">{r.value ?? ''}</Typography.Text> },
                ]}
                data-testid="import-errors"
              />
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
