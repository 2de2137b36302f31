import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Steps, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { IMPORT_KINDS, type ImportKind, type ImportSession } from '../../api/types.ts';
import { useErrorText, useNotifyError } from '../../lib/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ImportKindPicker } from './ImportKindPicker.tsx';
import { ImportSessionView } from './ImportSessionView.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ACCEPT, STATUS_COLORS } from './importUi.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POLL_MS = 600;

function readKind(v: string | null): ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(v ?? '') ? (v as ImportKind) : 'organizations';
}

/**
 * Registry import: choose what to import and get its template, upload the file, watch it being
 * checked, read the row errors and the preview, then commit (all rows or none). The session's id is
 * in the address, so a reload or a shared link shows the same import.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const kind = readKind(params.get('kind'));
  const sessionParam = params.get('session');
  const sessionId = sessionParam && UUID.test(sessionParam) ? sessionParam : null;

  const [session, setSession] = useState<ImportSession | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [committing, setCommitting] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

  const show = useCallback(
    (id: string | null, k: ImportKind = kind) => {
      const p = new URLSearchParams({ kind: k });
      if (id) p.set('session', id);
      setParams(p);
    },
    [kind, setParams],
  );

  // Load the session in the address, and poll it while the server is still checking the file.
  useEffect(() => {
    if (!sessionId) {
      setSession(null);
      setLoadError(null);
      return;
    }
    const controller = new AbortController();
    let timer = 0;
    const load = async () => {
      try {
        const s = await call(api.GET('/api/v1/registry/imports/{id}', { params: { path: { id: sessionId } }, signal: controller.signal }));
        if (controller.signal.aborted) return;
        setSession(s);
        setLoadError(null);
        if (s.status === 'parsing') timer = window.setTimeout(() => void load(), POLL_MS);
        else setHistoryKey((n) => n + 1);
      } catch (err) {
        if (controller.signal.aborted) return;
        setLoadError(err);
      }
    };
    setSession((s) => (s?.id === sessionId ? s : null));
    void load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [sessionId]);

  const upload = async (file: File) => {
    setUploading(true);
    setUploadError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      // The route reads multipart/form-data, which the OpenAPI document cannot describe as a body.
      const s = await call(api.POST('/api/v1/registry/imports', { params: { query: { kind } }, body: form as never }));
      setSession(s);
      setHistoryKey((n) => n + 1);
      show(s.id, s.kind);
    } catch (err) {
      setUploadError(err);
    } finally {
      setUploading(false);
    }
  };

  const commit = async () => {
    if (!session) return;
    setCommitting(true);
    try {
      const s = await call(api.POST('/api/v1/registry/imports/{id}/commit', { params: { path: { id: session.id } } }));
      setSession(s);
      setHistoryKey((n) => n + 1);
    } catch (err) {
      notifyError(err);
      // The registry may have changed since the check: show the session as the server sees it now.
      if (err instanceof ApiError && err.status === 409) {
        try {
          setSession(await call(api.GET('/api/v1/registry/imports/{id}', { params: { path: { id: session.id } } })));
        } catch {
          // keep what is shown
        }
      }
    } finally {
      setCommitting(false);
    }
  };

  const current = session && session.id === sessionId ? session : null;
  const step = !current ? 1 : current.status === 'parsing' ? 2 : current.status === 'committed' ? 3 : 2;
  const effectiveKind = current?.kind ?? kind;

  return (
    <>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Steps
          current={step}
          size="small"
          responsive
          items={[{ title: t('import.stepKind') }, { title: t('import.stepUpload') }, { title: t('import.stepCheck') }, { title: t('import.stepDone') }]}
          data-testid="import-steps"
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card variant="borderless" title={t('import.kindTitle')}>
            <ImportKindPicker kind={effectiveKind} onChange={(k) => show(null, k)} disabled={uploading} />
          </Card>
        </Col>
        <Col span={24}>
          {sessionId ? (
            <Card
              variant="borderless"
              title={
                <Flex gap={8} align="center" wrap>
                  <span>{t('import.sessionTitle')}</span>
                  {current ? (
                    <>
                      <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} ellipsis={{ tooltip: current.fileName }}>
                        {current.fileName}
                      </Typography.Text>
                      <Tag color={STATUS_COLORS[current.status]} data-testid="import-status">
                        {t(`importStatus.${current.status}`)}
                      </Tag>
                    </>
                  ) : null}
                </Flex>
              }
              data-testid="import-session"
            >
              {loadError ? (
                <Alert
                  type="error"
                  showIcon
                  title={errorText(loadError)}
                  action={
                    <Button size="small" onClick={() => show(null)}>
                      {t('import.startOver')}
                    </Button>
                  }
                />
              ) : current ? (
                <ImportSessionView
                  session={current}
                  committing={committing}
                  onCommit={() => void commit()}
                  onUploadAgain={() => show(null, current.kind)}
                  onViewOrganizations={() => void navigate(current.kind === 'organizations' ? '/organizations?sort=created' : '/organizations')}
                />
              ) : (
                <Skeleton active />
              )}
            </Card>
          ) : (
            <Card variant="borderless" title={t('import.uploadTitle')}>
              {uploadError ? <Alert type="error" showIcon title={errorText(uploadError)} style={{ marginBottom: 16 }} data-testid="import-upload-error" /> : null}
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                showUploadList={false}
                disabled={uploading}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
                data-testid="import-upload"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{uploading ? t('import.uploading') : t('import.dropHere', { kind: t(`importKinds.${kind}`) })}</p>
                <p className="ant-upload-hint">{t('import.dropHint')}</p>
              </Upload.Dragger>
            </Card>
          )}
        </Col>
        <Col span={24}>
          <ImportHistory refreshKey={historyKey} currentId={sessionId} onOpen={(id) => show(id)} />
        </Col>
      </Row>
    </>
  );
}
