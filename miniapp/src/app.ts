import { useDidShow } from '@tarojs/taro';
import { type PropsWithChildren } from 'react';
import { refreshUnreadBadge } from './features/messages/badge';
import './theme.css';
import './app.css';

function App({ children }: PropsWithChildren) {
  useDidShow(() => void refreshUnreadBadge());
  return children;
}

export default App;
