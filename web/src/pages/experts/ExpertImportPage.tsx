import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Flex, Row, Space, Spin, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableProps } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, FileExcelOutlined, FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { startDownload } from '../../lib/download.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import ForbiddenPage from '../errors/ForbiddenPage.tsx';
import { managesExperts, type ImportChange, type ImportResult, type ImportRowError } from './model.ts';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ACTION_COLORS = { insert: 'green', update: 'blue', unchanged: 'default' } as const;

/**
 * Expert import: template, upload (checked at once against the registry and the pool), row errors and
 * the preview, then a commit that writes every row or none.
 */
export default function ExpertImportPage() {
  const me = useMe();
  if (!managesExperts(me)) return <ForbiddenPage />;
  return <ImportFlow />;
}

function ImportFlow() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [committing, setCommitting] = useState(false);
  // Keys built at run time (counts, actions, match kinds); the i18n key test checks both languages have them all.
  const i = (k: string, o?: Record<string, unknown>): string => (t as unknown as (key: string, opts?: Record<string, unknown>) => string)(`expertsUi.import.${k}`, o);

  const upload = async (file: File) => {
    setFailure(null);
    setResult(null);
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      // The route reads multipart/form-data, which the OpenAPI document cannot describe as a body.
      const r = await call(api.POST('/api/v1/experts/imports', { body: form as never }));
      setResult(r);
    } catch (err) {
      setFailure(err);
    } finally {
      setUploading(false);
    }
  };

  const commit = async () => {
    if (!result) return;
    setCommitting(true);
    setFailure(null);
    try {
      setResult(await call(api.POST('/api/v1/experts/imports/{id}/commit', { params: { path: { id: result.fileId } } })));
    } catch (err) {
      setFailure(err);
    } finally {
      setCommitting(false);
    }
  };

  const step = !result ? 1 : result.committed ? 3 : 2;
  const errorColumns: TableProps<ImportRowError>['columns'] = [
    { key: 'row', title: i('colRow'), width: 72, render: (_v, e) => (e.row === 0 ? i('wholeFile') : e.row) },
    { key: 'column', title: i('colColumn'), render: (_v, e) => e.column ?? i('wholeRow') },
    { key: 'message', title: i('colMessage'), render: (_v, e) => <Typography.Text type="danger">{lang === 'en' ? e.en : e.zh}</Typography.Text> },
  ];
  const changeColumns: TableProps<ImportChange>['columns'] = [
    { key: 'row', title: i('colRow'), dataIndex: 'row', width: 72 },
    { key: 'action', title: i('colAction'), render: (_v, c) => <Tag color={ACTION_COLORS[c.action]}>{i(`actions.${c.action}`)}</Tag> },
    { key: 'name', title: i('colName'), render: (_v, c) => (c.expertId ? <Link to={`/experts/${c.expertId}`}>{c.name}</Link> : c.name) },
    { key: 'match', title: i('colMatch'), render: (_v, c) => (c.matchedBy ? i(`matchedBy.${c.matchedBy}`) : t('common.empty')) },
    { key: 'fields', title: i('colFields'), render: (_v, c) => c.fields.map((f) => t(`expertsUi.changedFields.${f as 'name'}`, { defaultValue: f })).join('、') || t('common.empty') },
  ];

  return (
    <>
      <PageHeader title={i('title')} subtitle={i('subtitle')} extra={<Link to="/experts">{t('expertsUi.backToList')}</Link>} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Steps current={step} size="small" responsive items={[{ title: i('stepTemplate') }, { title: i('stepUpload') }, { title: i('stepCheck') }, { title: i('stepDone') }]} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card variant="borderless" title={i('templateTitle')}>
            <Typography.Paragraph type="secondary">{i('templateHint')}</Typography.Paragraph>
            <Space wrap>
              <Button icon={<FileExcelOutlined />} onClick={() => startDownload('/api/v1/experts/import/template?format=xlsx')} data-testid="expert-template-xlsx">
                {i('templateXlsx')}
              </Button>
              <Button icon={<FileTextOutlined />} onClick={() => startDownload('/api/v1/experts/import/template?format=csv')} data-testid="expert-template-csv">
                {i('templateCsv')}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col span={24}>
          {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} data-testid="expert-import-failure" /> : null}
          {!result ? (
            <Card variant="borderless" title={i('uploadTitle')}>
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                showUploadList={false}
                disabled={uploading}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
                data-testid="expert-import-upload"
              >
                <div className="ant-upload-drag-icon">{uploading ? <Spin data-testid="expert-import-progress" /> : <InboxOutlined />}</div>
                <p className="ant-upload-text">{uploading ? i('uploading') : i('dropHere')}</p>
                <p className="ant-upload-hint">{i('dropHint')}</p>
              </Upload.Dragger>
            </Card>
          ) : (
            <Card variant="borderless" title={<Space wrap>{i('resultTitle')}<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{result.fileName}</Typography.Text></Space>} data-testid="expert-import-result">
              <Flex gap={32} wrap style={{ marginBottom: 16 }}>
                {(['rows', 'insert', 'update', 'unchanged', 'errors'] as const).map((k) => (
                  <Statistic key={k} title={i(`counts.${k}`)} value={result.counts[k]} styles={k === 'errors' && result.counts.errors ? { content: { color: '#cf1322' } } : undefined} data-testid={`expert-import-count-${k}`} />
                ))}
              </Flex>
              {result.ignoredColumns.length ? <Alert type="warning" showIcon title={i('ignoredColumns', { columns: result.ignoredColumns.join('、') })} style={{ marginBottom: 12 }} /> : null}
              {result.committed ? (
                <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={i('done', { insert: result.counts.insert, update: result.counts.update, unchanged: result.counts.unchanged })} style={{ marginBottom: 12 }} data-testid="expert-import-done" />
              ) : result.errors.length ? (
                <Alert type="error" showIcon title={i('hasErrors', { count: result.counts.errors })} style={{ marginBottom: 12 }} data-testid="expert-import-has-errors" />
              ) : result.actions.includes('commit') ? (
                <Alert type="info" showIcon title={i('ready')} style={{ marginBottom: 12 }} />
              ) : (
                <Alert type="info" showIcon title={i('nothingToDo')} style={{ marginBottom: 12 }} data-testid="expert-import-nothing" />
              )}
              <Space wrap style={{ marginBottom: 16 }}>
                {!result.committed ? (
                  <Button type="primary" disabled={!result.actions.includes('commit')} loading={committing} onClick={() => void commit()} data-testid="expert-import-commit">
                    {i('commit')}
                  </Button>
                ) : (
                  <Button type="primary" onClick={() => void navigate('/experts?sort=-updated')} data-testid="expert-import-to-list">
                    {i('toList')}
                  </Button>
                )}
                <Button icon={<CloudUploadOutlined />} onClick={() => { setResult(null); setFailure(null); }} data-testid="expert-import-again">
                  {i('uploadAgain')}
                </Button>
              </Space>
              {result.errors.length ? (
                <>
                  <Typography.Title level={5}>{i('errorsTitle')}</Typography.Title>
                  <Table<ImportRowError> rowKey={(e) => `${e.row}:${e.column ?? ''}:${e.code}`} size="small" columns={errorColumns} dataSource={result.errors} pagination={{ pageSize: 10, hideOnSinglePage: true }} data-testid="expert-import-errors" />
                </>
              ) : null}
              {result.changes.length ? (
                <>
                  <Typography.Title level={5}>{i('changesTitle')}</Typography.Title>
                  <Table<ImportChange> rowKey="row" size="small" columns={changeColumns} dataSource={result.changes} pagination={{ pageSize: 10, hideOnSinglePage: true }} data-testid="expert-import-changes" />
                </>
              ) : null}
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
