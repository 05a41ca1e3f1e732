import type { DehydratedState, QueryClient } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import { useSyncExternalStore, type ReactNode } from 'react';
import { QueryProviders } from './query';

export { createQueryClient } from './query';

/**
 * Contrast AA (screens.md): antd's secondary text, placeholders and counters are lighter than
 * 4.5:1 on white, so they are darkened here; so is its red for danger (#ff4d4f, 3.3:1: a 拒绝 button's
 * text and an error message), to its red-7 (5.6:1), darker still on hover and press.
 */
const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#0050b3',
    colorLinkHover: '#003a8c',
    colorTextSecondary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    colorTextQuaternary: '#6b6b6b',
    colorTextTertiary: '#595959',
    colorError: '#cf1322',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
  },
};

/**
 * Whoever asks the system for reduced motion gets none (WCAG 2.3.3): antd's transitions off. It also
 * means a colour is never measured halfway through a menu's fade. Read as an external store so a page
 * the server rendered (which cannot know) hydrates with the server's theme and switches right after,
 * instead of mismatching antd's class names.
 */
const REDUCED = '(prefers-reduced-motion: reduce)';
const motionQuery = () => (typeof window !== 'undefined' ? window.matchMedia?.(REDUCED) : undefined);
const subscribeMotion = (onChange: () => void) => {
  motionQuery()?.addEventListener('change', onChange);
  return () => motionQuery()?.removeEventListener('change', onChange);
};
const REDUCED_THEME = { ...THEME, token: { ...THEME.token, motion: false } };

/**
 * antd in Chinese, TanStack Query for server state; `onUnauthorized` sends the console to sign-in.
 * antd's <App> (message, modal, notification) is the console's alone: it would add ~20 kB to the
 * public site's first load, which shows its confirmations inline instead.
 */
export function Providers({
  children,
  onUnauthorized,
  client,
  state,
}: {
  children: ReactNode;
  onUnauthorized?: () => void;
  /** The server's renderer passes its own, to read what the page asked for. */
  client?: QueryClient;
  /** The answers a server-rendered page was drawn from (entry-server.tsx), so hydration draws the same. */
  state?: DehydratedState;
}) {
  return (
    <AntdConfig>
      <QueryProviders onUnauthorized={onUnauthorized} client={client} state={state}>
        {children}
      </QueryProviders>
    </AntdConfig>
  );
}

/**
 * antd in Chinese with the site's theme: the public site puts it around each page but its listing,
 * which is drawn without antd (README, Fast 3G).
 */
export function AntdConfig({ children }: { children: ReactNode }) {
  const reducedMotion = useSyncExternalStore(
    subscribeMotion,
    () => motionQuery()?.matches ?? false,
    () => false,
  );
  return (
    // No space inserted into two-character buttons (签 收): screen readers would spell it out.
    <ConfigProvider locale={zh_CN} theme={reducedMotion ? REDUCED_THEME : THEME} button={{ autoInsertSpace: false }}>
      {children}
    </ConfigProvider>
  );
}
