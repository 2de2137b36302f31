import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Result, Tag, Tooltip, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import { GlobalOutlined, LogoutOutlined, MailOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { LANGS, setLanguage, useLang } from '../i18n/index.ts';
import { useErrorText, useNotifyError } from '../lib/errors.ts';
import { useSession } from '../session/SessionContext.ts';
import { FullPageLoading } from '../components/FullPageLoading.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { Brand } from './Brand.tsx';
import { navigationFor, selectedNavKey, type NavItem } from './navigation.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { useMailboxAvailable } from './useMailboxAvailable.ts';

const SIDER_WIDTH = 224;
const SIDER_KEY = 'kechuang.siderCollapsed';

/** The signed-in shell. Renders `children` if given (e.g. the 404 page), else the matched route. */
export function AppLayout({ children }: { children?: ReactNode }) {
  const { state, refresh } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  const errorText = useErrorText();

  if (state.status === 'loading') return <FullPageLoading />;
  if (state.status === 'error') {
    return (
      <Result
        status="warning"
        title={t('common.loadFailed')}
        subTitle={errorText(state.error)}
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (state.status === 'signedOut') {
    const params = new URLSearchParams();
    if (state.reason !== 'loggedOut') {
      const here = location.pathname + location.search;
      if (here !== '/') params.set('next', here);
    }
    if (state.reason) params.set('reason', state.reason);
    const qs = params.toString();
    return <Navigate to={qs ? `/login?${qs}` : '/login'} replace />;
  }
  return <Shell me={state.me}>{children ?? <Outlet />}</Shell>;
}

function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const location = useLocation();
  const navigate = useNavigate();
  const { signOut } = useSession();
  const notifyError = useNotifyError();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(() => {
    try {
      return window.localStorage.getItem(SIDER_KEY) === '1';
    } catch {
      return false;
    }
  });

  const nav = useMemo(() => navigationFor(me), [me]);
  const mailbox = useMailboxAvailable(me);
  const selected = selectedNavKey(nav, location.pathname);

  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const toggleCollapsed = () => {
    setCollapsed((c) => {
      try {
        window.localStorage.setItem(SIDER_KEY, c ? '0' : '1');
      } catch {
        // not remembered
      }
      return !c;
    });
  };

  const menuItems = useMemo<MenuProps['items']>(() => buildMenu(nav, (k) => t(k)), [nav, t]);
  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    const item = nav.find((n) => n.key === key);
    if (item) void navigate(item.path);
  };

  const tenantName = lang === 'en' ? me.tenant.nameEn : me.tenant.nameZh;

  const onSignOut = async () => {
    try {
      // The login page then says "you have signed out".
      await signOut();
    } catch (err) {
      notifyError(err);
    }
  };

  const userMenu: MenuProps = {
    items: [
      { key: 'account', icon: <UserOutlined />, label: t('header.account') },
      ...(mailbox ? [{ key: 'mailbox', icon: <MailOutlined />, label: t('mailbox.nav'), 'data-testid': 'user-menu-mailbox' }] : []),
      {
        key: 'language',
        icon: <GlobalOutlined />,
        label: t('common.language'),
        children: LANGS.map((l) => ({ key: `lang:${l}`, label: t(`lang.${l}`) })),
      },
      { type: 'divider' },
      { key: 'signOut', icon: <LogoutOutlined />, label: t('header.signOut'), danger: true },
    ],
    selectable: false,
    onClick: ({ key }) => {
      if (key === 'account') void navigate('/account');
      else if (key === 'mailbox') void navigate('/mailbox');
      else if (key === 'signOut') void onSignOut();
      else if (key.startsWith('lang:')) void setLanguage(key.slice(5) as Lang);
    },
  };

  const menu = (
    <Menu
      mode="inline"
      items={menuItems}
      selectedKeys={selected ? [selected] : []}
      onClick={onMenuClick}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-nav"
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH + 40}
          title={<Brand />}
          styles={{ body: { padding: 8 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          width={SIDER_WIDTH}
          collapsible
          collapsed={collapsed}
          trigger={null}
          theme="light"
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Flex align="center" style={{ height: 64, paddingInline: collapsed ? 0 : 20, justifyContent: collapsed ? 'center' : 'flex-start' }}>
            <Brand compact={collapsed} />
          </Flex>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: narrow ? 12 : 20,
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            height: 64,
            lineHeight: 'normal',
          }}
        >
          {narrow ? (
            <Button type="text" icon={<MenuOutlined />} aria-label={t('header.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="open-nav" />
          ) : (
            <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} aria-label={t('nav.menu')} onClick={toggleCollapsed} />
          )}
          <Flex align="center" gap={8} style={{ minWidth: 0, flex: 1 }}>
            <Typography.Text strong ellipsis style={{ minWidth: 0 }} data-testid="tenant-name">
              {tenantName}
            </Typography.Text>
            {me.tenant.isDemo ? (
              <Tooltip title={t('header.demoTooltip')}>
                <Tag color="orange" style={{ marginInlineEnd: 0, flexShrink: 0 }} data-testid="demo-tag">
                  {t('common.demoData')}
                </Tag>
              </Tooltip>
            ) : null}
          </Flex>
          <NotificationBell />
          <LanguageSwitch compact={!screens.md} />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" style={{ paddingInline: 6, height: 40 }} data-testid="user-menu">
              <Flex align="center" gap={8}>
                <Avatar size={28} style={{ background: token.colorPrimary, flexShrink: 0 }}>
                  {me.user.displayName.slice(0, 1)}
                </Avatar>
                {screens.md ? <span>{me.user.displayName}</span> : null}
              </Flex>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 16 : 24, maxWidth: 1440, width: '100%', margin: '0 auto' }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<FullPageLoading />}>{children}</Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

const GROUP_LABELS = {
  challenges: 'nav.groupChallenges',
  registry: 'nav.groupRegistry',
  supervision: 'nav.groupSupervision',
  platform: 'nav.groupPlatform',
} as const;

function buildMenu(nav: NavItem[], t: (key: NavItem['labelKey'] | (typeof GROUP_LABELS)[keyof typeof GROUP_LABELS]) => string): MenuProps['items'] {
  const out: NonNullable<MenuProps['items']> = [];
  const leaf = (n: NavItem) => ({ key: n.key, icon: n.icon, label: t(n.labelKey) });
  for (const group of ['main', 'challenges', 'registry', 'supervision', 'platform', 'personal'] as const) {
    const inGroup = nav.filter((n) => n.group === group);
    if (inGroup.length === 0) continue;
    if (group === 'main' || group === 'personal') {
      if (group === 'personal') out.push({ type: 'divider' });
      out.push(...inGroup.map(leaf));
    } else {
      out.push({ type: 'group', key: `group:${group}`, label: t(GROUP_LABELS[group]), children: inGroup.map(leaf) });
    }
  }
  return out;
}
