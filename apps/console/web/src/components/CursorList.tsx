import { Button, Center, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery, type InfiniteData, type Query, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client';
import { plural } from '../format';
import { ErrorState } from './States';

/** One page of a cursor-paged list endpoint such as the audit log or the mail. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

type CursorData<T> = InfiniteData<CursorPage<T>, string | undefined>;
type CursorQuery<T> = UseInfiniteQueryResult<CursorData<T>>;

const PAGE_SIZE = 50;

/** The pages of a cursor-paged list read so far, loaded one "Load more" at a time, and their items in order. */
export function useCursorPages<T>(options: {
  queryKey: readonly unknown[];
  /** The API path, e.g. `/orgs/{orgId}/mail`. */
  path: string;
  /** Filters sent with every page, such as `{ type: 'queue' }`; the query key must name them too. */
  params?: Record<string, string | undefined>;
  enabled: boolean;
  /** Milliseconds between refetches while the data says so, or false. */
  refetchInterval?: (query: Query<CursorPage<T>, Error, CursorData<T>, readonly unknown[]>) => number | false;
}): { query: CursorQuery<T>; items: T[] } {
  const query = useInfiniteQuery<CursorPage<T>, Error, CursorData<T>, readonly unknown[], string | undefined>({
    queryKey: options.queryKey,
    queryFn: ({ pageParam }) => api.get<CursorPage<T>>(options.path, { ...options.params, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled,
    refetchInterval: options.refetchInterval,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { query, items };
}

/** Reads the list again from its newest entry. */
export function RefreshButton<T>({ query, disabled }: { query: CursorQuery<T>; disabled: boolean }) {
  return (
    <Button
      variant="default"
      leftSection={<IconRefresh size={16} />}
      onClick={() => void query.refetch()}
      loading={query.isRefetching && !query.isFetchingNextPage}
      disabled={query.isPending || disabled}
    >
      Refresh
    </Button>
  );
}

/** Under the list: how much is shown, "Load more" while there is more, and a failed page's error. */
export function LoadMore<T>({ query, count, noun, complete = ', back to the first one' }: {
  query: CursorQuery<T>;
  count: number;
  /** "event", "message" */
  noun: string;
  /** Ends the count once everything is shown. @default ', back to the first one' (lists newest first) */
  complete?: string;
}) {
  if (count === 0) return null;
  return (
    <Center mt="md">
      <Stack gap={6} align="center">
        <Text size="sm" c="gray.7" aria-live="polite">
          Showing {plural(count, noun)}{query.hasNextPage ? '' : complete}.
        </Text>
        {query.hasNextPage && (
          <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>Load more</Button>
        )}
        {query.isError && (
          <ErrorState error={query.error} onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())} />
        )}
      </Stack>
    </Center>
  );
}
