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
  tabBar: {
    color: '#646a73',
    selectedColor: '#1a66ff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/discover/index', text: '发现' },
      { pagePath: 'pages/news/index', text: '资讯' },
      { pagePath: 'pages/applications/index', text: '我的申请' },
      { pagePath: 'pages/messages/index', text: '消息' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
  permission: {
    'scope.userLocation': { desc: '用于按距离排序附近的孵化载体' },
  },
  requiredPrivateInfos: ['getLocation'],
});
