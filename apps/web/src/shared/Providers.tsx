import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { ApiError } from '../api/errors';

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
    <ConfigProvider locale={zh_CN} theme={{ token: { colorPrimary: '#b71c1c' } }}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </ConfigProvider>
  );
}
