import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { resolve } from 'node:path';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import { apiBaseUrlFor } from './api-base-url';
import devConfig from './dev';
import prodConfig from './prod';

// Separate output folders per target, so the weapp and H5 builds never overwrite each other.
const outputRoot = `dist/${process.env.TARO_ENV ?? 'h5'}`;

// In the npm workspace some Taro packages stay in miniapp/node_modules (their optional peers clash
// with the root's), while the Taro runtime hoisted to the root must still find them.
function resolveWorkspaceModules(chain: { resolve: any }) {
  chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
  chain.resolve.modules.add(resolve(process.cwd(), 'node_modules')).add('node_modules');
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'shuangchuang-miniapp',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    // The gateway's origin: empty in H5 (the gateway serves the build, same origin); the weapp
    // needs an absolute https origin, given at build time and checked (config/api-base-url.ts).
    defineConstants: {
      'process.env.TARO_APP_API_BASE_URL': JSON.stringify(
        apiBaseUrlFor(process.env.TARO_ENV, process.env),
      ),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain: resolveWorkspaceModules,
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain: resolveWorkspaceModules,
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
