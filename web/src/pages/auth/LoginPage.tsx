import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Avatar, Button, Divider, Flex, Form, Input, Tag, Typography, theme } from 'antd';
import { FundOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { DemoAccount } from '../../api/types.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { identifierAcceptable, safeNextPath } from '../../lib/validation.ts';
import { useSession } from '../../session/SessionContext.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { TenantSelect } from './TenantSelect.tsx';
import { defaultTenant, rememberTenant, useTenants } from './useTenants.ts';

interface LoginForm {
  tenant: string;
  identifier: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { state, refresh } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<LoginForm>();
  const tenants = useTenants();
  const tenant = Form.useWatch('tenant', form);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const next = safeNextPath(params.get('next'));
  const reason = params.get('reason');

  useEffect(() => {
    if (tenants.data && !form.getFieldValue('tenant')) {
      const slug = defaultTenant(tenants.data, params.get('tenant'));
      if (slug) form.setFieldValue('tenant', slug);
    }
  }, [tenants.data, form, params]);

  const demo = useApiData(
    async (signal) => (tenant ? call(api.GET('/api/v1/auth/demo-accounts', { params: { query: { tenant } }, signal })) : { demo: false, accounts: [] }),
    [tenant],
  );

  if (state.status === 'signedIn') return <Navigate to={next ?? state.me.home} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/auth/login', { body: { tenant: values.tenant, identifier: values.identifier.trim(), password: values.password } }));
      rememberTenant(values.tenant);
      const me = await refresh();
      if (me) void navigate(next ?? me.home, { replace: true });
    } catch (err) {
      setFailure(err);
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  const fillDemo = (a: DemoAccount) => {
    form.setFieldsValue({ identifier: a.email, password: a.password });
    setFailure(null);
    void form.validateFields(['identifier', 'password']);
  };

  const notice =
    reason === 'expired' ? (
      <Alert type="warning" showIcon title={t('login.sessionExpired')} data-testid="session-expired" />
    ) : reason === 'required' && next ? (
      <Alert type="info" showIcon title={t('login.signInRequired')} />
    ) : reason === 'loggedOut' ? (
      <Alert type="success" showIcon title={t('login.signedOut')} />
    ) : null;

  const demoInfo = demo.data?.demo ? demo.data : null;

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
      </div>
      {notice}
      {demoInfo ? <Alert type="warning" showIcon title={t('login.demoTitle')} description={t('login.demoDescription')} data-testid="demo-banner" /> : null}
      {tenants.error ? <LoadError error={tenants.error} onRetry={tenants.reload} /> : null}
      {tenants.data && tenants.data.length === 0 ? <Alert type="info" showIcon title={t('login.noTenants')} /> : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} data-testid="login-error" /> : null}
      <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)} disabled={submitting} size="large">
        <Form.Item name="tenant" label={t('login.tenant')} rules={[{ required: true, message: t('validation.requiredSelect') }]}>
          <TenantSelect tenants={tenants.data ?? []} loading={tenants.loading} />
        </Form.Item>
        <Form.Item
          name="identifier"
          label={t('login.identifier')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { validator: async (_r, v: string | undefined) => (!v || identifierAcceptable(v) ? undefined : Promise.reject(new Error(t('validation.identifier')))) },
          ]}
          validateDebounce={300}
        >
          <Input prefix={<UserOutlined />} placeholder={t('login.identifierPlaceholder')} autoComplete="username" data-testid="identifier" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password" />
        </Form.Item>
        <Flex justify="flex-end" style={{ marginTop: -8, marginBottom: 16 }}>
          <Link to={tenant ? `/forgot-password?tenant=${encodeURIComponent(tenant)}` : '/forgot-password'}>{t('login.forgot')}</Link>
        </Flex>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      <Flex justify="center" align="center" gap={6} wrap>
        <Typography.Text type="secondary">{t('login.publicDashboardLead')}</Typography.Text>
        <Link to={tenant ? `/public/dashboard?tenant=${encodeURIComponent(tenant)}` : '/public/dashboard'} data-testid="public-dashboard-link">
          <FundOutlined /> {t('login.publicDashboard')}
        </Link>
        <Link to={tenant ? `/public/challenges?tenant=${encodeURIComponent(tenant)}` : '/public/challenges'} data-testid="public-challenges-link">
          {t('publicChallenges.link')}
        </Link>
      </Flex>
      {demoInfo && demoInfo.accounts.length > 0 ? (
        <>
          <Divider plain style={{ margin: '4px 0' }}>
            {t('login.demoAccounts')}
          </Divider>
          <Flex vertical gap={2} data-testid="demo-accounts" role="list">
            {demoInfo.accounts.map((a) => (
              <button
                key={a.email}
                type="button"
                role="listitem"
                onClick={() => fillDemo(a)}
                aria-label={t('login.useAccount', { name: a.displayName })}
                data-testid={`demo-account-${a.role}`}
                className="kc-demo-account"
                style={{ borderRadius: token.borderRadius }}
              >
                <Avatar style={{ background: token.colorPrimaryBg, color: token.colorPrimary, flexShrink: 0 }}>{a.displayName.slice(0, 1)}</Avatar>
                <Flex vertical style={{ minWidth: 0, flex: 1, textAlign: 'start' }}>
                  <Typography.Text strong>{a.displayName}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                    {a.email}
                  </Typography.Text>
                </Flex>
                <Tag style={{ marginInlineEnd: 0 }}>{t(`roles.${a.role}`)}</Tag>
              </button>
            ))}
          </Flex>
          {demoInfo.accounts[0] ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
              {t('login.demoPassword', { password: demoInfo.accounts[0].password })}
            </Typography.Text>
          ) : null}
        </>
      ) : null}
    </Flex>
  );
}
