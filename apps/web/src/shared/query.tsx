import {
  HydrationBoundary,
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
  type DehydratedState,
} from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/errors';

/**
 * TanStack Query for server state, without antd: the public listing's first page is drawn with
 * native controls and hydrates from this alone (README, Fast 3G); Providers adds antd's theme.
 */
export function QueryProviders({
  children,
  onUnauthorized,
  client: given,
  state,
}: {
  children: ReactNode;
  onUnauthorized?: () => void;
  /** The server's renderer passes its own, to read what the page asked for. */
  client?: QueryClient;
  /** The answers a server-rendered page was drawn from (entry-server.tsx), so hydration draws the same. */
  state?: DehydratedState;
}) {
  const [client] = useState(() => given ?? createQueryClient(onUnauthorized));
  return (
    <QueryClientProvider client={client}>
      <HydrationBoundary state={state}>{children}</HydrationBoundary>
    </QueryClientProvider>
  );
}

export function createQueryClient(onUnauthorized?: () => void): QueryClient {
  const on401 = (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) onUnauthorized?.();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: on401 }),
    mutationCache: new MutationCache({ onError: on401 }),
    defaultOptions: {
      // 4xx answers do not change by asking again.
      queries: { retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2, refetchOnWindowFocus: false },
    },
  });
}
