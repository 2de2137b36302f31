import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

// Libraries that every page needs load once in stable, cacheable chunks; pages load on demand.
const vendorGroups: { name: string; test: RegExp; priority: number }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/, priority: 40 },
  // ECharts' drawing engine and core in two stable chunks; chart types and components (line, scatter,
  // visual map, …) stay with the pages that draw them.
  { name: 'zrender', test: /node_modules[\\/](zrender|tslib)[\\/]/, priority: 31 },
  { name: 'echarts', test: /node_modules[\\/](echarts(?![\\/]lib[\\/](chart|component)[\\/])|echarts-for-react|size-sensor)[\\/]?/, priority: 30 },
  { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/, priority: 30 },
  { name: 'icons', test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/, priority: 25 },
  { name: 'antd-core', test: /node_modules[\\/](@ant-design[\\/](cssinjs|cssinjs-utils|colors|fast-color)|@rc-component|@emotion|stylis|dayjs|classnames|clsx)[\\/]/, priority: 20 },
];

export default defineConfig({
  root: webRoot,
  publicDir: 'public',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  preview: { port: 4173, proxy: { '/api': 'http://localhost:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: vendorGroups,
        },
      },
    },
  },
});
