import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Form, Input, Modal, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, GlobalOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText, useNotifyError } from '../../lib/errors.ts';
import { startDownload } from '../../lib/download.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import type { ProjectList } from './model.ts';
import { exportHref, readItemList, writeItemList, type ItemListState } from './listQuery.ts';
import { StatusCounts } from './StatusTag.tsx';
import { ItemsTable } from './ItemsTable.tsx';
import { ItemDrawer } from './ItemDrawer.tsx';
import { ItemFormModal } from './ItemFormModal.tsx';
import { ImportModal } from './ImportModal.tsx';
import { GanttView } from './GanttView.tsx';
import { BaselinesView } from './BaselinesView.tsx';
import { ListFormModal } from './ListFormModal.tsx';

export default function ProjectListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readItemList(params), [params]);
  const [tick, setTick] = useState(0);
  const [dialog, setDialog] = useState<'import' | 'add' | 'edit' | 'publish' | null>(null);
  const list = useApiData((signal) => call(api.GET('/api/v1/project-lists/{id}', { params: { path: { id } }, signal })), [id, tick]);
  const update = (patch: Partial<ItemListState>) => setParams(writeItemList({ ...state, ...('page' in patch || 'item' in patch ? {} : { page: 1 }), ...patch }));
  const changed = () => setTick((n) => n + 1);
  const l = list.data;
  const can = (a: string) => l?.actions.includes(a) ?? false;

  const unpublish = async () => {
    try {
      await call(api.POST('/api/v1/project-lists/{id}/unpublish', { params: { path: { id } } }));
      void message.success(t('projectsUi.list.unpublished'));
      changed();
    } catch (err) {
      notifyError(err);
    }
  };

  if (list.error && !l) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!l) return <Skeleton active />;
  return (
    <>
      <PageHeader
        title={lang === 'en' && l.nameEn ? l.nameEn : l.nameZh}
        subtitle={
          <Space size={[8, 4]} wrap>
            <span>{l.ownerOffice}</span>
            <StatusCounts counts={l.counts} />
            {l.statusAsOf ? <Typography.Text type="secondary">{t('projectsUi.list.statusAsOf', { date: l.statusAsOf })}</Typography.Text> : null}
            {l.published && l.publicSlug ? (
              <Link to={`/public/projects/${l.publicSlug}`} target="_blank" data-testid="public-link">
                <Tag color="cyan" icon={<GlobalOutlined />}>
                  {t('projectsUi.list.publicLink')}
                </Tag>
              </Link>
            ) : null}
          </Space>
        }
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={() => startDownload(exportHref(id, state))} data-testid="export-items">
              {t('projectsUi.list.export')}
            </Button>
            {can('import') ? (
              <Button icon={<UploadOutlined />} onClick={() => setDialog('import')} data-testid="open-import">
                {t('projectsUi.list.import')}
              </Button>
            ) : null}
            {can('edit') ? (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('projectsUi.list.edit')}
              </Button>
            ) : null}
            {can('publish') ? (
              <Button icon={<GlobalOutlined />} onClick={() => setDialog('publish')} data-testid="publish-list">
                {t('projectsUi.list.publish')}
              </Button>
            ) : null}
            {can('unpublish') ? (
              <Button onClick={() => void unpublish()} data-testid="unpublish-list">
                {t('projectsUi.list.unpublish')}
              </Button>
            ) : null}
            {can('addItem') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('add')} data-testid="add-item">
                {t('projectsUi.list.addItem')}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs
        activeKey={state.tab}
        onChange={(k) => update({ tab: k as ItemListState['tab'] })}
        items={[
          { key: 'items', label: t('projectsUi.list.tabItems'), children: state.tab === 'items' ? <ItemsTable list={l} state={state} update={update} reloadKey={tick} /> : null },
          { key: 'gantt', label: t('projectsUi.list.tabGantt'), children: state.tab === 'gantt' ? <GanttView listId={id} state={state} /> : null },
          { key: 'baselines', label: t('projectsUi.list.tabBaselines'), children: state.tab === 'baselines' ? <BaselinesView listId={id} manage={can('baseline')} /> : null },
        ]}
      />
      <ItemDrawer itemId={state.item} onClose={() => update({ item: undefined })} onChanged={changed} />
      <ImportModal
        listId={id}
        open={dialog === 'import'}
        onClose={() => setDialog(null)}
        onImported={(o) => {
          setDialog(null);
          void message.success(t('projectsUi.import.done', { inserted: o.inserted, updated: o.updated }));
          changed();
        }}
      />
      {dialog === 'add' ? (
        <ItemFormModal
          listId={id}
          onClose={() => setDialog(null)}
          onSaved={(itemId) => {
            setDialog(null);
            changed();
            update({ item: itemId });
          }}
        />
      ) : null}
      <ListFormModal open={dialog === 'edit'} list={l} onClose={() => setDialog(null)} onSaved={() => (setDialog(null), changed())} />
      <PublishModal open={dialog === 'publish'} list={l} onClose={() => setDialog(null)} onDone={() => (setDialog(null), void message.success(t('projectsUi.list.published')), changed())} />
    </>
  );
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

function PublishModal({ open, list, onClose, onDone }: { open: boolean; list: ProjectList; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ slug: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async ({ slug }: { slug: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/project-lists/{id}/publish', { params: { path: { id: list.id } }, body: { slug: slug.trim() } }));
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('projectsUi.list.publishTitle')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: busy, 'data-testid': 'publish-ok' }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('projectsUi.list.publishHint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ slug: list.publicSlug ?? `projects-${list.year}` }} onFinish={(v) => void submit(v)}>
        <Form.Item name="slug" label={t('projectsUi.list.slug')} extra={t('projectsUi.list.slugHint')} rules={[{ required: true, pattern: SLUG, message: t('projectsUi.list.slugInvalid') }]} validateTrigger="onChange">
          <Input addonBefore="/public/projects/" maxLength={64} data-testid="publish-slug" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
