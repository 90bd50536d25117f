export default definePageConfig({ navigationBarTitleText: '载体详情' });
