import { useEffect } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { RouterProvider } from 'react-router/dom';
import { useLang } from './i18n/index.ts';
import { SessionProvider } from './session/SessionProvider.tsx';
import { router } from './router.tsx';

// Chinese first for Chinese (full-width punctuation), Latin first for English (’ and “ ” stay narrow).
const CJK = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC'";
const LATIN = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans'";
const FONTS = { 'zh-CN': `${CJK}, ${LATIN}, sans-serif`, en: `${LATIN}, ${CJK}, sans-serif` } as const;

export function Root() {
  const lang = useLang();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1652d9', borderRadius: 6, fontFamily: FONTS[lang] }, components: { Layout: { bodyBg: '#f5f7fa', headerBg: '#ffffff', siderBg: '#ffffff' } } }}
    >
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
