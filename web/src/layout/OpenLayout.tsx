import type { ReactNode } from 'react';
import { Flex, Grid, Layout, theme } from 'antd';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Brand } from './Brand.tsx';

/** Wide pages anyone may open without signing in (the open dashboard): a slim header and the page. */
export function OpenLayout({ actions, children }: { actions?: ReactNode; children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const narrow = !screens.md;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          paddingInline: narrow ? 12 : 24,
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          height: 64,
          lineHeight: 'normal',
        }}
      >
        <div style={{ flex: 1, minWidth: 0 }}>
          <Brand compact={narrow} />
        </div>
        <Flex align="center" gap={8}>
          {actions}
          <LanguageSwitch compact={narrow} />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: narrow ? 16 : 24, maxWidth: 1440, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}
