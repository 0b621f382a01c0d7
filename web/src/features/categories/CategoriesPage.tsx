import { useMemo } from 'react';
import { Alert, App, Card, Switch, Table, Tag } from 'antd';
import { errorText } from '../../app/api';
import { LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { Category } from '../../app/contract';
import { useCategories, useSetSimple } from './api';
import { DuplicateSettingsCard } from './DuplicateSettingsCard';

type Row = Category & { children?: Row[] };

/** 诉求类别: the taxonomy, which categories are simple (即诉即办: answered the same working day), and the county's duplicate-suggestion settings (多诉统办). */
export default function CategoriesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const categories = useCategories();
  const setSimple = useSetSimple();
  const tree = useMemo<Row[]>(() => {
    const all = categories.data ?? [];
    return all.filter((c) => !c.parentCode).map((top) => ({ ...top, children: all.filter((c) => c.parentCode === top.code) }));
  }, [categories.data]);
  const toggle = async (c: Category, simple: boolean) => {
    try {
      await setSimple.mutateAsync({ code: c.code, simple });
      message.success(simple ? t('categories:name-now-answered-the-same-working-day', { name: c.name }) : t('categories:name-no-longer-same-day', { name: c.name }));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (categories.error) return <LoadError error={categories.error} />;
  return (
    <>
      <PageHeader title={t('common:appeal-categories')} subtitle={t('categories:same-day-simple-appeals-go-to-a-fast-queue')} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('categories:an-appeal-in-a-category-marked-same-day-is-due')}
      />
      <Card size="small">
        <Table<Row>
          rowKey="code"
          size="small"
          loading={categories.isLoading}
          dataSource={tree}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          data-testid="categories-table"
          columns={[
            { title: t('categories:code'), dataIndex: 'code', width: 120 },
            { title: t('categories:name'), dataIndex: 'name' },
            { title: t('categories:state'), dataIndex: 'active', width: 100, render: (a: boolean) => (a ? <Tag color="green">{t('categories:active')}</Tag> : <Tag>{t('categories:inactive')}</Tag>) },
            {
              title: t('categories:same-day'),
              dataIndex: 'simple',
              width: 120,
              render: (simple: boolean, c) => (
                <Switch checked={simple} loading={setSimple.isPending && setSimple.variables?.code === c.code} onChange={(v) => void toggle(c, v)} data-testid={`simple-${c.code}`} />
              ),
            },
          ]}
        />
      </Card>
      <DuplicateSettingsCard />
    </>
  );
}
