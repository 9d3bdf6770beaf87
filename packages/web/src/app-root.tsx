import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { App } from './App';
import type { Me } from './api';

const client = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } },
});

/**
 * The application behind the login, loaded on demand by main.tsx. `me` is the session main.tsx already
 * asked about, so the app does not ask again; undefined right after a login (the app asks once).
 */
export function appRoot(me: Me | undefined): ReactNode {
  if (me !== undefined) client.setQueryData(['me'], me);
  return (
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  );
}
