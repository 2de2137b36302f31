import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Flex, Form, Input, Result, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useErrorText } from '../../lib/errors.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { TenantSelect } from './TenantSelect.tsx';
import { defaultTenant, useTenants } from './useTenants.ts';

interface ForgotForm {
  tenant: string;
  email: string;
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ForgotForm>();
  const tenants = useTenants();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  useEffect(() => {
    if (tenants.data && !form.getFieldValue('tenant')) {
      const slug = defaultTenant(tenants.data, params.get('tenant'));
      if (slug) form.setFieldValue('tenant', slug);
    }
  }, [tenants.data, form, params]);

  const onFinish = async (values: ForgotForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const email = values.email.trim();
      await call(api.POST('/api/v1/auth/password-reset/request', { body: { tenant: values.tenant, email } }));
      setSentTo(email);
    } catch (err) {
      setFailure(err);
    } finally {
      setSubmitting(false);
    }
  };

  if (sentTo) {
    return (
      <Result
        status="success"
        icon={<MailOutlined />}
        title={t('forgot.sentTitle')}
        subTitle={t('forgot.sentDescription', { email: sentTo })}
        extra={<Link to="/login">{t('common.backToLogin')}</Link>}
      />
    );
  }

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('forgot.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('forgot.description')}</Typography.Text>
      </div>
      {tenants.error ? <LoadError error={tenants.error} onRetry={tenants.reload} /> : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} /> : null}
      <Form<ForgotForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)} disabled={submitting} size="large">
        <Form.Item name="tenant" label={t('login.tenant')} rules={[{ required: true, message: t('validation.requiredSelect') }]}>
          <TenantSelect tenants={tenants.data ?? []} loading={tenants.loading} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('forgot.email')}
          validateDebounce={300}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { type: 'email', message: t('validation.email') },
          ]}
        >
          <Input prefix={<MailOutlined />} autoComplete="email" inputMode="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('forgot.submit')}
        </Button>
      </Form>
      <Flex justify="center">
        <Link to="/login">{t('common.backToLogin')}</Link>
      </Flex>
    </Flex>
  );
}
