import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { formatTime } from '../../../shared/format';
import { showApiErrors } from '../../../shared/form-errors';
import { Guest, InterviewList, im } from '../../../shared/interviews';
import { Problem } from '../../../shared/Problem';
import { beijing } from './Surveys';

interface ScheduleValues {
  topic: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  guests: Guest[];
}

const required = (label: string) => [{ required: true, message: `${label}不能为空` }];

/** 新建访谈预告: topic, guests and times; a handler schedules for the department of the token. */
function ScheduleInterview() {
  const [form] = Form.useForm<ScheduleValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const navigate = useNavigate();
  const schedule = useMutation({
    mutationFn: (v: ScheduleValues) =>
      unwrap(
        api.POST('/api/interviews', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            topic: v.topic,
            ...(v.description ? { description: v.description } : {}),
            guests: v.guests ?? [],
            startsAt: beijing(v.startsAt),
            endsAt: beijing(v.endsAt),
          },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      const guests = (form.getFieldValue('guests') as unknown[] | undefined) ?? [];
      const each = guests.flatMap((_, i) => [`guests.${i}.name`, `guests.${i}.title`]);
      setGeneral(showApiErrors(form, e, ['topic', 'description', 'startsAt', 'endsAt', ...each]));
    },
    onSuccess: (r) => navigate(`/handler/interviews/${(r as { id: string }).id}`),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      name="schedule-interview"
      initialValues={{ guests: [{}] }}
      onFinish={(v) => schedule.mutate(v)}
      style={{ maxWidth: 760 }}
    >
      <Form.Item name="topic" label={im.console.topic} rules={required(im.console.topic)}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={im.console.description}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="startsAt" label={im.console.startsAt} rules={required(im.console.startsAt)}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
        <Form.Item name="endsAt" label={im.console.endsAt} rules={required(im.console.endsAt)}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
      </Space>
      <Form.List name="guests">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'name']} label={`${im.console.guestName} ${i + 1}`} rules={required(im.console.guestName)}>
                  <Input maxLength={50} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'title']} label={`${im.console.guestTitle} ${i + 1}`} rules={required(im.console.guestTitle)}>
                  <Input maxLength={100} style={{ width: 260 }} />
                </Form.Item>
                {fields.length > 1 && (
                  <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                    {im.console.removeGuest}
                  </Button>
                )}
              </Space>
            ))}
            <Form.Item>
              <Button onClick={() => add({})}>{im.console.addGuest}</Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={schedule.isPending}>
        {im.console.schedule}
      </Button>
    </Form>
  );
}

/** 本部门在线访谈: the department's sessions, then the form for a new one. */
export default function Interviews() {
  const q = useQuery({
    queryKey: ['interviews', 'department'],
    queryFn: async () => (await unwrap(api.GET('/api/interviews', { params: { query: { limit: 100 } } }))) as unknown as InterviewList,
  });
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {im.console.list}
      </Typography.Title>
      <Table
        rowKey="id"
        loading={q.isPending}
        pagination={false}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: im.console.none }}
        columns={[
          { title: im.console.topic, dataIndex: 'topic', render: (t: string, r) => <Link to={`/handler/interviews/${r.id}`}>{t}</Link> },
          { title: im.time, key: 'time', render: (_, r) => `${formatTime(r.startsAt)} ${im.to} ${formatTime(r.endsAt)}` },
          { title: im.received, dataIndex: 'questionsReceived' },
          { title: '', key: 'status', render: (_, r) => <Tag>{im.status[r.status]}</Tag> },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 32 }}>
        {im.console.create}
      </Typography.Title>
      <ScheduleInterview />
    </>
  );
}
