import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { SurveyResults } from '../../../shared/SurveyResults';
import { ManagedSurvey, conflictOrMessage, sm } from '../../../shared/surveys';
import { currentSession } from '../../session';

/** The export is fetched with the bearer token (a plain link carries none) and saved under the API's file name. */
async function download(id: string, format: 'csv' | 'xlsx'): Promise<void> {
  const res = await fetch(`/api/surveys/${id}/export?format=${format}`, {
    headers: { Authorization: `Bearer ${currentSession()?.token ?? ''}` },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(res.status, body.message ?? `${m.errors.generic} (${res.status})`);
  }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = /filename="?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `survey_${id}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The department's view of one survey: the results whatever the visibility, closing it, the exports. */
export default function SurveyManage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const queryKey = ['survey', id] as const;
  const q = useQuery({
    queryKey,
    queryFn: async () => (await unwrap(api.GET('/api/surveys/{id}', { params: { path: { id } } }))) as unknown as ManagedSurvey,
  });
  const [error, setError] = useState<string>();
  const refresh = () => void qc.invalidateQueries({ queryKey });
  const close = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/surveys/{id}/close', { params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey() } } })),
    onMutate: () => setError(undefined),
    onError: (e) => {
      setError(conflictOrMessage(e, sm.console.conflict));
      refresh();
    },
    onSuccess: refresh,
  });
  const save = (format: 'csv' | 'xlsx') => {
    setError(undefined);
    download(id, format).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return null;
  const s = q.data;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {s.title}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag data-testid="survey-status">{sm.status[s.status]}</Tag>
        <a href={`/surveys/${s.id}`} target="_blank" rel="noreferrer">
          {sm.console.view}
        </a>
      </Space>
      <Descriptions
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'period', label: sm.period, children: `${formatTime(s.opensAt)} ${sm.to} ${formatTime(s.closesAt)}` },
          { key: 'responses', label: sm.responses, children: <span data-testid="survey-responses">{s.responses}</span> },
          { key: 'visibility', label: sm.console.visibility, children: sm.console.visibilities[s.resultsVisibility] },
          ...(s.closedAt ? [{ key: 'closed', label: sm.console.closed, children: formatTime(s.closedAt) }] : []),
        ]}
      />
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 16 }}>
        {s.status === 'open' && (
          <Button danger onClick={() => close.mutate()} loading={close.isPending}>
            {sm.console.close}
          </Button>
        )}
        <Button onClick={() => save('csv')}>{sm.console.download.csv}</Button>
        <Button onClick={() => save('xlsx')}>{sm.console.download.xlsx}</Button>
      </Space>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {sm.results.title}
      </Typography.Title>
      <SurveyResults results={s.results} />
    </>
  );
}
