export default definePageConfig({ navigationBarTitleText: '发现载体' });
