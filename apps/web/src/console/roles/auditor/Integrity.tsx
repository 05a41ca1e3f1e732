import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Typography } from 'antd';
import { api, unwrap } from '../../../api/client';
import { m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';

/** GET /api/audit/verify declares no response schema: apps/api/src/audit/verify-integrity/integrity-verifier.ts. */
interface IntegrityReport {
  engine: string;
  streams: number;
  events: number;
  broken: { streamId: string; revision?: number | string; reason?: string }[];
  startedAt: string;
  durationMs: number;
}

/** 完整性校验: walks every stream's hash chain on demand (it reads the whole store, so not on page load). */
export default function Integrity() {
  const run = useMutation({ mutationFn: () => unwrap(api.GET('/api/audit/verify')) as unknown as Promise<IntegrityReport> });
  const r = run.data;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.verify}
      </Typography.Title>
      <Button type="primary" loading={run.isPending} onClick={() => run.mutate()} style={{ marginBottom: 16 }}>
        {m.console.runVerify}
      </Button>
      {run.isError && <Problem error={run.error} />}
      {r && (
        <>
          <Alert
            data-testid="verify-result"
            type={r.broken.length ? 'error' : 'success'}
            showIcon
            title={r.broken.length ? `${m.console.verifyBroken}：${r.broken.length}` : m.console.verifyOk}
            style={{ marginBottom: 12 }}
          />
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'engine', label: 'engine', children: r.engine },
              { key: 'streams', label: 'streams', children: r.streams },
              { key: 'events', label: 'events', children: r.events },
              { key: 'at', label: m.console.since, children: `${formatTime(r.startedAt)}（${r.durationMs} ms）` },
              ...r.broken.map((b, i) => ({ key: `b${i}`, label: b.streamId, children: `${b.revision ?? ''} ${b.reason ?? ''}` })),
            ]}
          />
        </>
      )}
    </>
  );
}
