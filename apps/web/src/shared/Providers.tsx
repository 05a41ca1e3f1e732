import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { ApiError } from '../api/errors';

/**
 * Contrast AA (screens.md): antd's secondary text, placeholders and counters are lighter than
 * 4.5:1 on white, so they are darkened here.
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
  },
};

/**
 * Whoever asks the system for reduced motion gets none (WCAG 2.3.3): antd's transitions off. It also
 * means a colour is never measured halfway through a menu's fade.
 */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
const theme = reducedMotion ? { ...THEME, token: { ...THEME.token, motion: false } } : THEME;

/**
 * antd in Chinese, TanStack Query for server state; `onUnauthorized` sends the console to sign-in.
 * antd's <App> (message, modal, notification) is the console's alone: it would add ~20 kB to the
 * public site's first load, which shows its confirmations inline instead.
 */
export function Providers({ children, onUnauthorized }: { children: ReactNode; onUnauthorized?: () => void }) {
  const on401 = (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) onUnauthorized?.();
  };
  const client = new QueryClient({
    queryCache: new QueryCache({ onError: on401 }),
    mutationCache: new MutationCache({ onError: on401 }),
    defaultOptions: {
      // 4xx answers do not change by asking again.
      queries: { retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2, refetchOnWindowFocus: false },
    },
  });
  return (
    // No space inserted into two-character buttons (签 收): screen readers would spell it out.
    <ConfigProvider locale={zh_CN} theme={theme} button={{ autoInsertSpace: false }}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </ConfigProvider>
  );
}
