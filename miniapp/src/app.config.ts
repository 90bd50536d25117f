function tab(name: string, text: string) {
  return {
    pagePath: `pages/${name}/index`,
    text,
    iconPath: `assets/tab/${name}.png`,
    selectedIconPath: `assets/tab/${name}-active.png`,
  };
}

export default defineAppConfig({
  pages: [
    'pages/discover/index',
    'pages/news/index',
    'pages/applications/index',
    'pages/messages/index',
    'pages/me/index',
    'pages/carrier/index',
    'pages/article/index',
    'pages/apply/index',
    'pages/application/index',
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '双创孵化',
    navigationBarTextStyle: 'black',
  },
  // colours of src/theme.css (--color-muted, --color-primary); icons drawn by
  // scripts/build-tab-icons.mjs (81×81 PNG, as WeChat requires)
  tabBar: {
    color: '#646a73',
    selectedColor: '#1a66ff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      tab('discover', '发现'),
      tab('news', '资讯'),
      tab('applications', '我的申请'),
      tab('messages', '消息'),
      tab('me', '我的'),
    ],
  },
  permission: {
    'scope.userLocation': { desc: '用于按距离排序附近的孵化载体' },
  },
  requiredPrivateInfos: ['getLocation'],
});
