import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, type FormInstance } from 'antd';
import { useState } from 'react';
import { m } from '../../../i18n';
import { showApiErrors } from '../../../shared/form-errors';

/** An admin change: 400 next to the form's fields, anything else above it; the lists it touches reloaded. */
export function useAdminCommand<V>(
  run: (v: V) => Promise<unknown>,
  opts: { form?: FormInstance; fields?: string[]; reload: string[]; onDone?: () => void },
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [general, setGeneral] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: run,
    onMutate: () => setGeneral([]),
    onError: (e) => setGeneral(opts.form ? showApiErrors(opts.form, e, opts.fields ?? []) : [e instanceof Error ? e.message : String(e)]),
    onSuccess: () => {
      void message.success(m.console.done);
      opts.form?.resetFields();
      for (const key of opts.reload) void qc.invalidateQueries({ queryKey: [key] });
      opts.onDone?.();
    },
  });
  const alert = general.length ? (
    <Alert role="alert" type="error" showIcon title={m.errors.generic} description={general.join('；')} style={{ marginBottom: 12 }} />
  ) : null;
  return { mutation, alert };
}
