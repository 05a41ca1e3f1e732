import { Alert, Spin, Typography } from 'antd';
import { ApiError } from '../api/errors';
import { m } from '../i18n';
import { localizeProblem } from '../i18n/validation';

/**
 * 403 and 404 are plain pages; anything else an alert: a 400's problems each in the screens' language by
 * its rule (every 400 of the API names one), else the API's message.
 */
export function Problem({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 403) return <Plain code={403} text={m.console.forbidden} />;
  if (error instanceof ApiError && error.status === 404) return <Plain code={404} text={m.console.notFound} />;
  const said =
    error instanceof ApiError && error.details?.length
      ? [...new Set(error.details.map(localizeProblem))].join('；')
      : error instanceof Error
        ? error.message
        : String(error);
  return <Alert type="error" showIcon title={m.errors.generic} description={said} />;
}

export function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin aria-label={m.common.loading} />
    </div>
  );
}

export function NotFound() {
  return <Plain code={404} text={m.console.notFound} />;
}

/** A plain page for 403 and 404: the code and one sentence (antd's Result would weigh on the public first load). */
function Plain({ code, text }: { code: number; text: string }) {
  return (
    <section style={{ padding: '48px 0', textAlign: 'center' }} data-testid={`problem-${code}`}>
      <Typography.Title level={1} style={{ fontSize: 40, color: '#595959' }}>
        {code}
      </Typography.Title>
      <Typography.Paragraph>{text}</Typography.Paragraph>
    </section>
  );
}
