import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import Taro, { useDidShow } from '@tarojs/taro';
import { LoginPrompt } from '../../components/LoginPrompt';
import { StateView } from '../../components/StateView';
import { pressable } from '../../components/a11y';
import { formatTime } from '../../features/applications/timeline';
import { showUnreadBadge } from '../../features/messages/badge';
import {
  loadInbox,
  markAllRead,
  markedRead,
  markRead,
  messageTarget,
  type InboxMessage,
  type InboxPage,
} from '../../features/messages/inbox';
import { usePullToReload } from '../../features/pull-refresh';
import { useRemote } from '../../features/remote';
import { useSession } from '../../features/session';
import { api } from '../../services/api';
import { errorMessage } from '../../services/problem';

function Inbox() {
  const { state, reload, setData } = useRemote(
    async () => {
      const page = await loadInbox(api.notification);
      showUnreadBadge(page.unreadCount);
      return page;
    },
    [],
    (page) => page.items.length === 0,
  );
  useDidShow(reload);
  usePullToReload(reload);

  async function open(page: InboxPage, message: InboxMessage) {
    if (!message.read) {
      try {
        await markRead(api.notification, message.id);
        const next = markedRead(page, message.id);
        setData(next);
        showUnreadBadge(next.unreadCount);
      } catch (error) {
        void Taro.showToast({ title: errorMessage(error), icon: 'none' });
      }
    }
    const target = messageTarget(message);
    if (target) void Taro.navigateTo({ url: target });
  }

  async function readAll() {
    try {
      await markAllRead(api.notification);
      reload();
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
    }
  }

  return (
    <StateView state={state} onRetry={reload} emptyText="暂无消息">
      {(page) => (
        <View>
          <View className="row between toolbar">
            <Text className="unread">未读 {page.unreadCount} 条</Text>
            {page.unreadCount ? (
              <Button className="btn btn-inline" onClick={readAll}>
                全部已读
              </Button>
            ) : null}
          </View>
          {page.items.map((message) => (
            <View
              key={message.id}
              className={
                message.read
                  ? 'card card-button message'
                  : 'card card-button message unread-message'
              }
              {...pressable(undefined, () => open(page, message))}
            >
              <View className="row between">
                <Text className="card-title">
                  {message.read ? '' : '● '}
                  {message.title}
                </Text>
                <Text className="muted small">{formatTime(message.createdAt)}</Text>
              </View>
              <Text className="message-body">{message.body}</Text>
            </View>
          ))}
        </View>
      )}
    </StateView>
  );
}

export default function MessagesPage() {
  const { session, signIn } = useSession();
  return (
    <View className="page messages">
      {session ? <Inbox /> : <LoginPrompt text="登录后查看消息" onLogin={signIn} />}
    </View>
  );
}
