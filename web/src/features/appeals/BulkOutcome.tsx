import { Alert, List, Tag, Typography } from 'antd';

interface Failure {
  id: string;
  number?: string;
  title?: string;
  error: string;
}

/** The end of a bulk step (受理, 派遣): a summary, and the appeals it could not take with why. */
export function BulkOutcome({ title, description, failures, testId }: { title: string; description?: string; failures: Failure[]; testId: string }) {
  return (
    <>
      <Alert type={failures.length ? 'warning' : 'success'} showIcon title={title} description={failures.length ? description : undefined} style={{ marginBottom: 12 }} />
      <List
        size="small"
        dataSource={failures}
        data-testid={testId}
        rowKey="id"
        renderItem={(f) => (
          <List.Item>
            <Typography.Text>
              {f.number} {f.title}
            </Typography.Text>
            <Tag color="red">{f.error}</Tag>
          </List.Item>
        )}
      />
    </>
  );
}
