import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Radio, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { m } from '../../../i18n';
import { Problem } from '../../../shared/Problem';
import { useAdminCommand } from './command';

type Day = Schemas['CalendarDayOverrideDto'];

/** 节假日调整: days that differ from Monday–Friday (holidays, 调休 working weekends). The API takes the whole list. */
export default function Calendar() {
  const q = useQuery({ queryKey: ['calendar'], queryFn: () => unwrap(api.GET('/api/admin/calendar/overrides')) });
  const [form] = Form.useForm<{ date: Dayjs; workingDay: boolean; name: string }>();
  const days: Day[] = (q.data?.days ?? []).map(({ date, workingDay, name, note }) => ({
    date,
    workingDay,
    name,
    ...(note ? { note } : {}),
  }));
  const save = useAdminCommand(
    (next: Day[]) =>
      unwrap(api.PUT('/api/admin/calendar/overrides', { body: { days: next, publishedYears: q.data?.publishedYears ?? [] } })),
    { form, fields: ['date', 'name', 'workingDay'], reload: ['calendar'] },
  );
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.admin.calendar}
      </Typography.Title>
      {save.alert}
      <Form
        form={form}
        layout="inline"
        name="calendar"
        initialValues={{ workingDay: false }}
        onFinish={(v) =>
          save.mutation.mutate([
            ...days.filter((d) => d.date !== v.date.format('YYYY-MM-DD')),
            { date: v.date.format('YYYY-MM-DD'), workingDay: v.workingDay, name: v.name },
          ])
        }
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="date" label={m.console.admin.date} rules={[{ required: true, message: m.submit.required }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="workingDay" label={m.console.admin.dayType}>
          <Radio.Group
            options={[
              { value: false, label: m.console.admin.holiday },
              { value: true, label: m.console.admin.workday },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={m.console.admin.name} rules={[{ required: true, message: m.submit.required }]}>
          <Input placeholder="国庆节" />
        </Form.Item>
        <Button htmlType="submit" loading={save.mutation.isPending}>
          {m.console.admin.add}
        </Button>
      </Form>
      <Table<Day>
        rowKey="date"
        size="small"
        pagination={{ pageSize: 20 }}
        loading={q.isPending}
        dataSource={days}
        columns={[
          { title: m.console.admin.date, dataIndex: 'date' },
          {
            title: m.console.admin.dayType,
            key: 'w',
            render: (_, d) => (d.workingDay ? m.console.admin.workday : m.console.admin.holiday),
          },
          { title: m.console.admin.name, dataIndex: 'name' },
          {
            title: '',
            key: 'rm',
            render: (_, d) => (
              <Button
                size="small"
                danger
                onClick={() => save.mutation.mutate(days.filter((x) => x.date !== d.date))}
                aria-label={`${m.console.admin.remove} ${d.date}`}
              >
                {m.console.admin.remove}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
