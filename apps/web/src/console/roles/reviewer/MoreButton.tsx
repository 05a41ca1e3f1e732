import { Button } from 'antd';
import { m } from '../../../i18n';

/** A queue's next page on demand (its keyset cursor): shown while the API gives a nextCursor. */
export function MoreButton({ q }: { q: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> } }) {
  if (!q.hasNextPage) return null;
  return (
    <Button block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} style={{ marginTop: 12 }}>
      {m.common.more}
    </Button>
  );
}
