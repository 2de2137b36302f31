import { useCallback, useState, type ReactNode } from 'react';
import { App, Button, Form, Modal, Upload } from 'antd';
import type { FormInstance } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import type { Contract } from './model.ts';

export interface PanelProps {
  contract: Contract;
  onChange: (c: Contract) => void;
}

/** Runs a command that answers with the contract, shows the outcome, and hands the new contract on. */
export function useCommand(onChange: (c: Contract) => void) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (request: () => Promise<Contract>, opts: { form?: FormInstance; fields?: readonly string[]; success?: string } = {}): Promise<boolean> => {
      setBusy(true);
      try {
        onChange(await request());
        void message.success(opts.success ?? t('contractsUi.done'));
        return true;
      } catch (err) {
        if (!(opts.form && opts.fields && applyFieldErrors(opts.form, err, opts.fields))) void message.error(errorText(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onChange, message, t, errorText],
  );
  return { run, busy };
}

/** A button that opens a form in a modal; the form validates as you type and submits through `onSubmit`. */
export function FormButton<V extends object>(props: { label: string; title: string; testId?: string; danger?: boolean; type?: 'primary' | 'default' | 'link'; initial?: Partial<V>; children: ReactNode; onSubmit: (values: V, form: FormInstance<V>) => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<V>();
  return (
    <>
      <Button type={props.type ?? 'default'} danger={props.danger} size={props.type === 'link' ? 'small' : 'middle'} onClick={() => setOpen(true)} data-testid={props.testId}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title}
        destroyOnHidden
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={() => {
          void (async () => {
            const values = await form.validateFields().catch(() => null);
            if (!values) return;
            setBusy(true);
            const ok = await props.onSubmit(values, form).finally(() => setBusy(false));
            if (ok) setOpen(false);
          })();
        }}
        okButtonProps={props.testId ? { 'data-testid': `${props.testId}-ok` } : {}}
      >
        <Form form={form} layout="vertical" initialValues={props.initial} preserve={false}>
          {props.children}
        </Form>
      </Modal>
    </>
  );
}

/** Uploads one file to /files and reports its id; the contract claims it when the submission names it. */
export function FileField({ value, onChange, testId }: { value?: string | null; onChange?: (id: string | null) => void; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [name, setName] = useState<string | null>(null);
  return (
    <Upload
      maxCount={1}
      showUploadList={false}
      customRequest={({ file }) => {
        void (async () => {
        try {
          const body = new FormData();
          body.append('file', file as File, (file as File).name);
          // multipart/form-data, which the OpenAPI document cannot describe as a body.
          const meta = await call(api.POST('/api/v1/files', { body: body as never }));
          setName(meta.name);
          onChange?.(meta.id);
        } catch (err) {
          void message.error(errorText(err));
        }
        })();
      }}
    >
      <Button icon={value ? <PaperClipOutlined /> : <UploadOutlined />} data-testid={testId}>
        {value && name ? t('contractsUi.milestones.uploaded', { name }) : t('contractsUi.milestones.upload')}
      </Button>
    </Upload>
  );
}

export function FileLink({ contract, id }: { contract: Contract; id: string }) {
  const f = contract.files.find((x) => x.id === id);
  return (
    <a href={`/api/v1/files/${id}/content`} download>
      <PaperClipOutlined /> {f?.name ?? id.slice(0, 8)}
    </a>
  );
}

export const nameOf = (contract: Contract, userId: string | null) => (userId ? (contract.people.find((p) => p.id === userId)?.name ?? userId.slice(0, 8)) : '');
