/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5';
    /** Base URL of the gateway, e.g. https://api.example.cn; empty in H5 = same origin. */
    TARO_APP_API_BASE_URL?: string;
  }
}
