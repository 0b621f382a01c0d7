import type { ReactNode } from 'react';
import { Alert, Form, Input } from 'antd';
import type { Values } from './actionForm';

/** What an action does, shown above its fields. */
export function Hint({ children }: { children: ReactNode }) {
  return <Alert type="info" showIcon title={children} style={{ marginBottom: 16 }} />;
}

/** A text area bound to one field, with a counter; the test id names the field. */
export function TextField({ name, label, rules = [], placeholder, max = 2000 }: { name: keyof Values; label: string; rules?: object[]; placeholder?: string; max?: number }) {
  return (
    <Form.Item name={name} label={label} rules={[...rules, { max }]}>
      <Input.TextArea rows={3} showCount maxLength={max} placeholder={placeholder} data-testid={`action-${name}`} />
    </Form.Item>
  );
}
