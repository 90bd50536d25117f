export default defineAppConfig({
  pages: ['pages/discover/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '双创孵化',
    navigationBarTextStyle: 'black',
  },
});
